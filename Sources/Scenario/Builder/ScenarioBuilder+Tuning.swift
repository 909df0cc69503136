// ScenarioBuilder: a policy's `tune:` map, the ranges `restock tune` searches its parameters in.
import Simulation
import Yams

extension ScenarioBuilder {
    /// Reads `policies[i].tune` (`{parameter: [low, high], …}`) from the parsed file: the parameter must be
    /// one the policy's type has (``TunableParameter/tunable(for:)``), the range two numbers with
    /// low ≤ high (whole numbers for units and days) inside what the parameter allows.
    func tuningRanges(path: String, definition: PolicyDefinition, world: WorldConfiguration) throws -> [TunableParameter: TuningRange] {
        let tunePath = "\(path).tune"
        guard let node = ScenarioKeyPath(text: tunePath).node(in: root), let mapping = node.mapping else { return [:] }
        let tunable = TunableParameter.tunable(for: definition.kind)
        guard !tunable.isEmpty || mapping.isEmpty else {
            throw error(tunePath, "'\(definition.kind.rawValue)' policies are not tuned (a trained policy's numbers are its network's weights)",
                        allowed: "remove tune")
        }
        var ranges: [TunableParameter: TuningRange] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "?"
            let keyPath = "\(tunePath).\(key)"
            let names = tunable.map(\.rawValue)
            guard let parameter = TunableParameter(rawValue: key), tunable.contains(parameter) else {
                var problem = "'\(definition.kind.rawValue)' has no tunable parameter '\(key)'"
                if let near = Spelling.nearest(to: key, in: names) { problem += " (did you mean '\(near)'?)" }
                throw error(keyPath, problem, allowed: names.joined(separator: ", "))
            }
            let limits = Self.tuningLimits(parameter, kind: definition.kind, world: world, markdowns: definition.markdown.markdownDays.count)
            let allowed = "[low, high] with low <= high, \(limits.text)"
            guard let items = value.sequence, items.count == 2,
                  let low = items[0].scalar.flatMap({ Double($0.string) }), let high = items[1].scalar.flatMap({ Double($0.string) }),
                  low.isFinite, high.isFinite else {
                throw error(keyPath, "expected a range [low, high] of two numbers but found \(ScenarioSchema.kind(of: value))", allowed: allowed)
            }
            if parameter.isInteger, low != low.rounded() || high != high.rounded() {
                throw error(keyPath, "\(parameter.rawValue) takes whole numbers, but the range is [\(low), \(high)]", allowed: allowed)
            }
            guard low <= high else {
                throw error(keyPath, "the range [\(low), \(high)] has low > high", allowed: allowed)
            }
            guard limits.contains(low), limits.contains(high) else {
                throw error(keyPath, "the range [\(low), \(high)] goes outside what \(parameter.rawValue) allows", allowed: allowed)
            }
            if parameter == .markdownDays, Int(high - low) + 1 < definition.markdown.markdownDays.count {
                throw error(keyPath, "the range [\(Int(low)), \(Int(high))] holds fewer days than the \(definition.markdown.markdownDays.count) markdowns",
                            allowed: "a range of at least \(definition.markdown.markdownDays.count) days (markdown days are strictly ascending)")
            }
            if parameter == .priceReviewDays, case .periodic(let every) = world.review,
               (Int(low)...Int(high)).first(where: { $0 % every == 0 }) == nil {
                throw error(keyPath, "the range [\(Int(low)), \(Int(high))] holds no multiple of the scenario's review period (\(every) days)",
                            allowed: "a range that contains a multiple of \(every)")
            }
            ranges[parameter] = TuningRange(lower: low, upper: high)
        }
        return ranges
    }

    /// What a parameter's range may span, with the phrase that says so.
    struct TuningLimits {
        var lower: Double
        var upper: Double
        /// Whether the bounds themselves are excluded (probabilities, thresholds).
        var open: Bool
        var text: String

        func contains(_ value: Double) -> Bool { open ? value > lower && value < upper : value >= lower && value <= upper }
    }

    static func tuningLimits(_ parameter: TunableParameter, kind: PolicyKind, world: WorldConfiguration, markdowns: Int) -> TuningLimits {
        let units = Double(maximumUnits)
        switch parameter {
        case .reorderPointUnits: return TuningLimits(lower: -units, upper: units, open: false, text: "whole numbers of units")
        case .orderUpToUnits where kind == .sS: return TuningLimits(lower: -units, upper: units, open: false, text: "whole numbers of units")
        case .orderQuantityUnits: return TuningLimits(lower: 1, upper: units, open: false, text: "whole numbers of units >= 1")
        case .orderUpToUnits, .expeditedOrderUpToUnits, .regularOrderUpToUnits, .regularCapUnits:
            return TuningLimits(lower: 0, upper: units, open: false, text: "whole numbers of units >= 0")
        case .serviceLevel: return TuningLimits(lower: 0, upper: 1, open: true, text: "probabilities strictly between 0 and 1, e.g. [0.6, 0.99]")
        case .priceReviewDays: return TuningLimits(lower: 1, upper: 100_000, open: false, text: "whole numbers of days from 1 to 100000")
        case .maxWeeksOfCover: return TuningLimits(lower: 0, upper: 10_000.000001, open: true, text: "weeks in (0, 10000]")
        case .seasonCoverRatio: return TuningLimits(lower: 0, upper: 1_000.000001, open: true, text: "ratios in (0, 1000]")
        case .markdownDays:
            return TuningLimits(lower: 1, upper: 10_000_000, open: false,
                                text: "whole days from 1 (each of the \(markdowns) markdown days is searched in it, strictly ascending)")
        }
    }
}
