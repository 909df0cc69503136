// ScenarioBuilder: distribution laws (demand sizes, lead times) parsed and checked.
import Stochastics

extension ScenarioBuilder {
    static let distributionTypes = "poisson (mean), negativeBinomial (mean, dispersion), gamma (mean, sd), lognormal (mean, sd), "
        + "normal (mean, sd; truncated at 0), uniform (low, high), uniformInteger (low, high), empirical (values), constant (value)"

    func distribution(_ raw: DistributionFile, path: String, nonNegative: Bool) throws -> Distribution {
        func need(_ value: Double?, _ key: String) throws -> Double {
            guard let value else {
                throw error(path, "a \(raw.type) distribution needs '\(key)'", allowed: Self.distributionTypes)
            }
            return value
        }
        let law: Distribution
        switch raw.type {
        case "poisson": law = .poisson(mean: try need(raw.mean, "mean"))
        case "negativeBinomial": law = .negativeBinomial(mean: try need(raw.mean, "mean"), dispersion: try need(raw.dispersion, "dispersion"))
        case "gamma": law = .gamma(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "lognormal": law = .lognormal(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "normal": law = .truncatedNormal(mean: try need(raw.mean, "mean"), sd: try need(raw.sd, "sd"))
        case "uniform": law = .uniform(low: try need(raw.low, "low"), high: try need(raw.high, "high"))
        case "uniformInteger":
            let low = try need(raw.low, "low"), high = try need(raw.high, "high")
            guard low == low.rounded(), high == high.rounded(), abs(low) < 1e15, abs(high) < 1e15 else {
                throw error(path, "uniformInteger needs whole-number bounds", allowed: "low and high whole numbers, low <= high")
            }
            law = .uniformInteger(low: Int(low), high: Int(high))
        case "empirical":
            guard let values = raw.values else { throw error(path, "an empirical distribution needs 'values'", allowed: "values: [3, 5, 4, 0, 7]") }
            do { law = .empirical(try Empirical(values: values)) } catch let failure as DistributionError {
                throw error(path, failure.message)
            }
        case "constant": law = .constant(try need(raw.value, "value"))
        default:
            throw error("\(path).type", "unknown distribution '\(raw.type)'", allowed: Self.distributionTypes)
        }
        do { try law.validate() } catch let failure as DistributionError {
            throw error(path, failure.message, allowed: Self.distributionTypes)
        } catch {
            throw self.error(path, "\(error)")
        }
        if nonNegative, !law.isNonNegative {
            throw error(path, "this quantity cannot be negative, but the \(raw.type) distribution allows negative values",
                        allowed: "a distribution on values >= 0")
        }
        return law
    }
}
