import Foundation
import Simulation
import Stochastics
import Yams

/// The text `restock optimize` prints: per SKU, its demand and lead time, and for each policy the
/// parameters in force, marking those the optimisers computed and what they reported. A computed value
/// is labelled "(optimal)" only where its method is exact for the scenario as written; otherwise
/// "(heuristic: EOQ)" or "(heuristic: ignores minimum order, capacity)" names why not
/// (`AutoParameters.label(for:definition:world:sku:values:)`).
public enum OptimizationReport {
    /// Renders the report.
    /// - Parameter scenario: a loaded scenario (with `auto` resolved).
    /// - Returns: the text.
    public static func render(_ scenario: Scenario) throws -> String {
        var out = "Scenario \(scenario.name): optimised parameters per SKU\n"
        for (sku, product) in scenario.world.products.enumerated() {
            out += "\nSKU \(product.sku): demand \(String(format: "%.2f", product.customers.meanDemandPerDay)) units/day, "
            out += product.suppliers.map { "\($0.name) lead time \(describe($0.leadTimeDays)) days" }.joined(separator: ", ")
            out += product.shortage.isLostSales ? ", lost sales\n" : ", backorders\n"
            if let note = scenario.demandModelNotes[sku] { out += "  \(note)\n" }
            let review: String
            switch scenario.world.review {
            case .periodic(let every): review = every == 1 ? "daily review" : "review every \(every) days"
            case .continuous: review = "continuous review"
            }
            out += "  optimisers (\(review), supplier '\(product.suppliers[0].name)'):\n"
            for line in standardOptima(scenario, sku: sku) { out += "      \(line)\n" }
            for policy in scenario.policies {
                // Custom policies (written in Swift) have no parameters of their own.
                let parameters = sku < policy.parameters.count ? policy.parameters[sku] : SKUPolicyParameters()
                let values = policy.kind.requiredParameters.map { key -> String in
                    let value = parameters.values[key].map(String.init) ?? "-"
                    guard parameters.optimised.contains(key) else { return "\(key.rawValue) = \(value)" }
                    let label = AutoParameters.label(for: key, definition: policy, world: scenario.world, sku: sku,
                                                     values: parameters.values)
                    return "\(key.rawValue) = \(value) (\(label))"
                }
                out += "  \(policy.name) [\(policy.kind.rawValue)]: \(values.joined(separator: ", "))\n"
                for note in parameters.notes { out += "      \(note)\n" }
            }
        }
        return out
    }

    /// What each optimiser gives for one SKU under the scenario's review, whatever policies the
    /// scenario lists: base-stock, (s,S) and (s,Q) with every parameter `auto`, each value labelled.
    static func standardOptima(_ scenario: Scenario, sku: Int) -> [String] {
        let builder = ScenarioBuilder(file: scenario.sourcePath, root: .mapping(Node.Mapping([])))
        var lines: [String] = []
        for kind in [PolicyKind.baseStock, .sS, .sQ] {
            let all = SKUPolicyParameters(optimised: Set(kind.requiredParameters))
            let definition = PolicyDefinition(name: kind.rawValue, kind: kind,
                                              supplierIndex: Array(repeating: 0, count: scenario.world.products.count),
                                              parameters: Array(repeating: all, count: scenario.world.products.count))
            let context = AutoParameters.Context(world: scenario.world, product: scenario.world.products[sku],
                                                 definition: definition, sku: sku, path: "", builder: builder)
            do {
                let solved = try context.solve(all)
                let values = kind.requiredParameters.map { key -> String in
                    let label = AutoParameters.label(for: key, definition: definition, world: scenario.world, sku: sku,
                                                     values: solved.values)
                    return "\(key.rawValue) = \(solved.values[key].map(String.init) ?? "-") (\(label))"
                }
                lines.append("\(kind.rawValue): \(values.joined(separator: ", "))")
                lines += solved.notes.map { "  \($0)" }
            } catch let error as ScenarioError {
                let reason = error.problem.components(separatedBy: ": ").dropFirst().joined(separator: ": ")
                lines.append("\(kind.rawValue): not available (\(reason.isEmpty ? error.problem : reason))")
            } catch {
                lines.append("\(kind.rawValue): not available (\(error))")
            }
        }
        return lines
    }

    /// A law as a planner would write it: `5`, `poisson(mean 4)`.
    public static func describe(_ law: Distribution) -> String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x) }
        switch law {
        case .constant(let value): return n(value)
        case .poisson(let mean): return "poisson(mean \(n(mean)))"
        case .negativeBinomial(let mean, let k): return "negativeBinomial(mean \(n(mean)), dispersion \(n(k)))"
        case .gamma(let mean, let sd): return "gamma(mean \(n(mean)), sd \(n(sd)))"
        case .lognormal(let mean, let sd): return "lognormal(mean \(n(mean)), sd \(n(sd)))"
        case .truncatedNormal(let mean, let sd): return "normal(mean \(n(mean)), sd \(n(sd)), truncated at 0)"
        case .uniform(let low, let high): return "uniform(\(n(low))…\(n(high)))"
        case .uniformInteger(let low, let high): return "uniformInteger(\(low)…\(high))"
        case .empirical(let e): return "empirical(\(e.values.count) values, mean \(String(format: "%.2f", law.mean)))"
        }
    }
}
