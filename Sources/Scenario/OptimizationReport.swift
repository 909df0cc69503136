import Foundation
import Simulation

/// The text `restock optimize` prints: per SKU, its demand and lead time, and for each policy the
/// parameters in force, marking those the optimisers computed and what they reported.
public enum OptimizationReport {
    /// Renders the report.
    /// - Parameter scenario: a loaded scenario (with `auto` resolved).
    /// - Returns: the text.
    public static func render(_ scenario: Scenario) throws -> String {
        var out = "Scenario \(scenario.name): optimal parameters per SKU\n"
        for (sku, product) in scenario.world.products.enumerated() {
            out += "\nSKU \(product.sku): demand \(String(format: "%.2f", product.customers.meanDemandPerDay)) units/day, "
            out += product.suppliers.map { "\($0.name) lead time \($0.leadTimeDays) days" }.joined(separator: ", ")
            out += product.shortage.isLostSales ? ", lost sales\n" : ", backorders\n"
            for policy in scenario.policies {
                let parameters = policy.parameters[sku]
                let values = policy.kind.requiredParameters.map { key -> String in
                    let value = parameters.values[key].map(String.init) ?? "-"
                    return "\(key.rawValue) = \(value)\(parameters.optimised.contains(key) ? " (optimal)" : "")"
                }
                out += "  \(policy.name) [\(policy.kind.rawValue)]: \(values.joined(separator: ", "))\n"
                for note in parameters.notes { out += "      \(note)\n" }
            }
        }
        return out
    }
}
