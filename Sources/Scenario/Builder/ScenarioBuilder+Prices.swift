// ScenarioBuilder: price levels of a product and the markdown settings of the pricing policies.
import Simulation

extension ScenarioBuilder {
    /// The starting price and the price levels: `priceLevels` (positive, distinct, full price first) with
    /// `sellingPrice` one of them or, when left out, the first; without levels, `sellingPrice` alone.
    func prices(_ raw: ProductFile, path: String) throws -> (sellingPrice: Double, levels: [Double]) {
        guard let levels = raw.priceLevels else {
            guard let price = raw.sellingPrice else {
                throw error(path, "the product has neither 'sellingPrice' nor 'priceLevels'",
                            allowed: "sellingPrice: 12.5, or priceLevels: [59, 47, 39, 29] (full price first)")
            }
            try nonNegative(price, "\(path).sellingPrice")
            return (price, [])
        }
        guard (1...100).contains(levels.count) else {
            throw error("\(path).priceLevels", "\(levels.count) price levels", allowed: "1 to 100 prices, full price first, e.g. [59, 47, 39, 29]")
        }
        for (index, level) in levels.enumerated() {
            guard level.isFinite, level > 0, level <= Self.maximumMoney else {
                throw error("\(path).priceLevels[\(index)]",
                            level > 0 ? "the price level \(level) is out of range" : "the price level \(level) is not a positive number",
                            allowed: "prices from just above 0 to 1e9, in currency per unit")
            }
            // Markdown policies step down the list: a list that rises would keep the lowest price all season.
            if index > 0, level > levels[index - 1] {
                throw error("\(path).priceLevels[\(index)]", "the price level \(level) is not below the level before it (\(levels[index - 1]))",
                            allowed: "prices in decreasing order, full price first, e.g. [59, 47, 39, 29]")
            }
            if let first = levels.firstIndex(of: level), first < index {
                throw error("\(path).priceLevels[\(index)]", "the price level \(level) appears twice (also at position \(first))",
                            allowed: "distinct prices, full price first")
            }
        }
        guard let price = raw.sellingPrice else { return (levels[0], levels) }
        guard levels.contains(price) else {
            throw error("\(path).sellingPrice", "the selling price \(price) is not one of the price levels",
                        allowed: levels.map { "\($0)" }.joined(separator: ", ") + " (or leave sellingPrice out to start at the first level)")
        }
        return (price, levels)
    }

    /// The pricing settings of `markdownRule` and `markdownSchedule`, checked; other families may not set them.
    func markdownSettings(_ raw: PolicyFile, kind: PolicyKind, path: String, world: WorldConfiguration) throws -> MarkdownSettings {
        let ruleKeys: [(String, Bool)] = [("priceReviewDays", raw.priceReviewDays != nil), ("maxWeeksOfCover", raw.maxWeeksOfCover != nil),
                                          ("seasonCoverRatio", raw.seasonCoverRatio != nil)]
        for (key, present) in ruleKeys where present && kind != .markdownRule && !(key == "priceReviewDays" && kind == .bayesMarkdown) {
            throw error("\(path).\(key)", "only markdownRule takes '\(key)'; '\(kind.rawValue)' does not", allowed: "remove \(key)")
        }
        if raw.markdownDays != nil, kind != .markdownSchedule {
            throw error("\(path).markdownDays", "only markdownSchedule takes 'markdownDays'; '\(kind.rawValue)' does not", allowed: "remove markdownDays")
        }
        var settings = MarkdownSettings()
        guard kind.setsPrices else { return settings }
        let mostLevels = world.products.map(\.priceLevels.count).max() ?? 0
        guard mostLevels >= 2 else {
            throw error("\(path).type", "policy '\(raw.name)' (\(kind.rawValue)) changes prices, but no product has two or more price levels",
                        allowed: "priceLevels on the product, full price first, e.g. priceLevels: [59, 47, 39, 29]")
        }
        if kind == .bayesMarkdown {
            let every = raw.priceReviewDays ?? 7
            guard (1...366).contains(every) else {
                throw error("\(path).priceReviewDays", "the price review period of \(every) days is out of range", allowed: "1…366 days")
            }
            try checkOnReviewEpochs(every, key: "priceReviewDays", kind: kind, path: path, world: world)
            settings.priceReviewDays = every
            return settings
        }
        if kind == .markdownRule {
            let every = raw.priceReviewDays ?? 7
            guard (1...100_000).contains(every) else {
                throw error("\(path).priceReviewDays", "the price review period of \(every) days is out of range", allowed: "1…100000 days")
            }
            try checkOnReviewEpochs(every, key: "priceReviewDays", kind: kind, path: path, world: world)
            settings.priceReviewDays = every
            if let weeks = raw.maxWeeksOfCover {
                guard weeks.isFinite, weeks > 0, weeks <= 10_000 else {
                    throw error("\(path).maxWeeksOfCover", "the cover threshold \(weeks) weeks is out of range", allowed: "a number of weeks in (0, 10000]")
                }
                settings.maxWeeksOfCover = weeks
                // With a fixed threshold alone, the season trigger stays at "more than the rest of the season".
            }
            if let ratio = raw.seasonCoverRatio {
                guard ratio.isFinite, ratio > 0, ratio <= 1_000 else {
                    throw error("\(path).seasonCoverRatio", "the season cover ratio \(ratio) is out of range",
                                allowed: "a number in (0, 1000]: 1 cuts when the stock exceeds the forecast demand of the rest of the season")
                }
                settings.seasonCoverRatio = ratio
            }
        } else {
            guard let days = raw.markdownDays, !days.isEmpty else {
                throw error(path, "markdownSchedule needs 'markdownDays', the days on which each markdown starts",
                            allowed: "ascending days within the horizon, e.g. markdownDays: [70, 91, 112]")
            }
            // Days past the horizon simply do not come in this run (e.g. with a shorter --set horizonDays).
            for (index, day) in days.enumerated() {
                guard day >= 1, day <= 10_000_000, index == 0 || day > days[index - 1] else {
                    throw error("\(path).markdownDays[\(index)]", "the markdown day \(day) is not after day 0 and the markdown before it",
                                allowed: "strictly ascending days from 1 (day 0 sells at the starting price), e.g. [70, 91, 112]")
                }
            }
            guard days.count <= mostLevels - 1 else {
                throw error("\(path).markdownDays", "\(days.count) markdowns are listed, but the products have at most \(mostLevels - 1) price levels below full price",
                            allowed: "at most \(mostLevels - 1) days")
            }
            settings.markdownDays = days
        }
        return settings
    }
}
