import Foundation

/// What a team decides in one round: units to order from the SKU's first supplier and, when the SKU has
/// price levels, which level to sell at (index into the levels, 0 = full price; nil = keep the price).
public struct Decision: Sendable, Equatable, Codable {
    public var orderUnits: Int
    public var priceLevel: Int?

    public init(orderUnits: Int, priceLevel: Int? = nil) {
        self.orderUnits = orderUnits
        self.priceLevel = priceLevel
    }

    /// Order nothing, keep the price.
    public static let nothing = Decision(orderUnits: 0)
}

/// A decision refused, with the message a player reads; nothing was changed.
public struct DecisionRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status that fits (400 bad input, 403 not yours, 409 round closed or game not running).
    public var status: Int
    /// What is wrong and what is allowed.
    public var message: String
    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { message }
}

extension Decision {
    /// Reads a decision from a form's text fields.
    /// - Parameters:
    ///   - order: the order field as typed.
    ///   - priceLevel: the price-level field (nil when the form has none).
    ///   - levels: the SKU's price levels (empty: no price decision).
    ///   - maximumOrderUnits: the largest order accepted.
    /// - Returns: the decision.
    /// - Throws: ``DecisionRejection`` (status 400) for an empty, non-integer, negative or too large order,
    ///   or a price level that is not one of the SKU's.
    public static func parse(order: String?, priceLevel: String?, levels: [Double], maximumOrderUnits: Int) throws -> Decision {
        let text = (order ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw DecisionRejection(status: 400, "Enter an order quantity: a whole number of units from 0 to \(maximumOrderUnits) (0 orders nothing).")
        }
        guard text.count <= 20, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }), let units = Int(text) else {
            throw DecisionRejection(status: 400, "The order \u{201C}\(text.prefix(40))\u{201D} is not a whole number. Enter whole units from 0 to \(maximumOrderUnits), e.g. 12.")
        }
        guard units >= 0 else {
            throw DecisionRejection(status: 400, "The order \(units) is negative. Enter whole units from 0 to \(maximumOrderUnits) (0 orders nothing).")
        }
        guard units <= maximumOrderUnits else {
            throw DecisionRejection(status: 400, "The order \(units) is larger than this game allows (\(maximumOrderUnits) units). Enter whole units from 0 to \(maximumOrderUnits).")
        }
        var level: Int?
        if let raw = priceLevel?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard !levels.isEmpty else {
                throw DecisionRejection(status: 400, "This product has a fixed price: leave the price out.")
            }
            guard let index = Int(raw), levels.indices.contains(index) else {
                throw DecisionRejection(status: 400, "\u{201C}\(raw.prefix(40))\u{201D} is not one of the price levels. Choose one of the listed prices.")
            }
            level = index
        }
        return Decision(orderUnits: units, priceLevel: level)
    }
}
