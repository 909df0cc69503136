/// KPI estimates across the values of a varied parameter (a sweep, or the scenarios of a compare), drawn
/// as small multiples: one chart per KPI with the parameter on the x axis and one line per policy, and
/// one row of such charts per combination of the other varied parameters.
///
/// The parameter's values are kept as text, in sweep order. The x axis is numeric when every value reads
/// as a finite number (`2`, `4.5`), else categorical in the given order (`{type: poisson, mean: 4}`,
/// scenario files, variant names).
public struct ParameterStudy: Sendable, Equatable {
    /// The varied parameter on the x axis: a key path such as `products[0].suppliers[0].leadTimeDays`
    /// (its unit is in its name), or `scenario`.
    public var parameter: String
    /// The parameter's values in sweep order, as text.
    public var values: [String]
    /// The KPIs, one chart each (id, label, unit and decimals as in the tables).
    public var columns: [ReportDocument.Column]
    /// The policies, one line each, in legend order.
    public var policies: [String]
    /// One row of charts per combination of the other varied parameters, in sweep order.
    public var rows: [Row]

    /// Creates a study.
    public init(parameter: String, values: [String], columns: [ReportDocument.Column], policies: [String], rows: [Row]) {
        self.parameter = parameter
        self.values = values
        self.columns = columns
        self.policies = policies
        self.rows = rows
    }

    /// One combination of the other varied parameters.
    public struct Row: Sendable, Equatable {
        /// What the other parameters are set to, e.g. `review.everyDays = 7`; empty when only one
        /// parameter varies.
        public var label: String
        /// `estimates[column][policy][value]`: mean and 95% half-width, indexed like ``ParameterStudy/columns``,
        /// ``ParameterStudy/policies`` and ``ParameterStudy/values``. A NaN mean marks a missing estimate
        /// (a scenario without that policy); a NaN half-width, an estimate without an interval (one replication).
        public var estimates: [[[ReportDocument.Estimate]]]

        /// Creates a row.
        public init(label: String, estimates: [[[ReportDocument.Estimate]]]) {
            self.label = label
            self.estimates = estimates
        }

        /// The estimate at (column, policy, value), or nil when out of range.
        public func estimate(column: Int, policy: Int, value: Int) -> ReportDocument.Estimate? {
            guard estimates.indices.contains(column), estimates[column].indices.contains(policy),
                  estimates[column][policy].indices.contains(value) else { return nil }
            return estimates[column][policy][value]
        }
    }

    /// The values as numbers when every one reads as a finite number, else nil (a categorical axis).
    public var numericValues: [Double]? {
        let numbers = values.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, numbers.count == values.count, numbers.allSatisfy(\.isFinite) else { return nil }
        return numbers
    }
}
