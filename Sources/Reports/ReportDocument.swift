/// Everything an HTML report shows, as plain data: the simulation side builds it from its results (and
/// writes the same numbers to CSV), the renderer turns it into one self-contained HTML file. Nothing
/// here knows how the numbers were produced.
public struct ReportDocument: Sendable, Equatable {
    /// Report title (the scenario name).
    public var title: String
    /// What was simulated, in words.
    public var summary: String
    /// Scenario parameters worth showing (name → value with unit), in display order.
    public var parameters: [Parameter]
    /// The KPI columns of the policy table, in display order.
    public var columns: [Column]
    /// One row per policy.
    public var policies: [PolicyRow]
    /// Name of the baseline policy of the paired comparison.
    public var baseline: String
    /// Each other policy minus the baseline, per KPI column, paired over replications.
    public var comparisons: [Comparison]
    /// Cost components per policy (currency over the measured days), for the stacked bars.
    public var costBreakdown: [CostBreakdown]
    /// Service level vs average stock, one point per policy.
    public var tradeOff: [TradeOffPoint]
    /// Stock trajectories of one replication per policy (and SKU).
    public var trajectories: [Trajectory]
    /// Demand vs forecast with a prediction band, when the scenario uses forecasting.
    public var forecasts: [ForecastBand]
    /// Learning curve of a trained agent, when there is one.
    public var learningCurve: [LearningPoint]
    /// Which trained policy (and SKU) the learning curve belongs to.
    public var learningCurveLabel: String = ""
    /// KPIs across a varied parameter, when the report compares the variants of a sweep (small multiples).
    public var study: ParameterStudy?
    /// CSV files written beside the report (names), which hold every number shown.
    public var sourceFiles: [String]
    /// Reference rows shown beside the policies and clearly apart from them (e.g. an upper bound on the
    /// profit no policy can beat), each with every policy's gap to it.
    public var references: [Reference] = []
    /// Why bounds the run asked for were not computed (one sentence each), shown under the references.
    public var omittedReferences: [String] = []
    /// Rows on the SKUs across the run (the spread of per-SKU results, the lowest and highest SKUs), for runs
    /// of many SKUs, whose parameter table lists only the first ones; shown as the section "SKUs".
    public var skuSummary: [Parameter] = []

    /// Creates a document.
    public init(title: String, summary: String, parameters: [Parameter] = [], columns: [Column] = [], policies: [PolicyRow] = [],
                baseline: String = "", comparisons: [Comparison] = [], costBreakdown: [CostBreakdown] = [],
                tradeOff: [TradeOffPoint] = [], trajectories: [Trajectory] = [], forecasts: [ForecastBand] = [],
                learningCurve: [LearningPoint] = [], study: ParameterStudy? = nil, sourceFiles: [String] = []) {
        self.title = title
        self.summary = summary
        self.parameters = parameters
        self.columns = columns
        self.policies = policies
        self.baseline = baseline
        self.comparisons = comparisons
        self.costBreakdown = costBreakdown
        self.tradeOff = tradeOff
        self.trajectories = trajectories
        self.forecasts = forecasts
        self.learningCurve = learningCurve
        self.study = study
        self.sourceFiles = sourceFiles
    }

    /// A reference value (not a policy): its estimate and each policy's paired gap to it.
    public struct Reference: Sendable, Equatable {
        /// Row name, saying what the reference is.
        public var name: String
        /// One sentence on what it means.
        public var note: String
        /// The KPI it is an estimate of (a column id), e.g. `profit`.
        public var column: String
        /// Its mean over replications ± 95% half-width.
        public var estimate: Estimate
        /// Per policy: reference minus policy, paired over replications.
        public var gaps: [Gap]

        /// Creates a reference row.
        public init(name: String, note: String, column: String, estimate: Estimate, gaps: [Gap]) {
            self.name = name
            self.note = note
            self.column = column
            self.estimate = estimate
            self.gaps = gaps
        }

        /// A policy's gap to the reference.
        public struct Gap: Sendable, Equatable {
            public var policy: String
            public var gap: Estimate

            /// Creates a gap.
            public init(policy: String, gap: Estimate) {
                self.policy = policy
                self.gap = gap
            }
        }
    }

    /// A scenario parameter.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// A KPI column.
    public struct Column: Sendable, Equatable {
        /// Stable identifier (the CSV column name, e.g. `profit`).
        public var id: String
        /// Header text.
        public var label: String
        /// Unit shown under the header (`currency`, `share`, `units`, …).
        public var unit: String
        /// Whether larger is better (marks the best value in the column).
        public var higherIsBetter: Bool
        /// Decimal places to show.
        public var decimals: Int
        public init(id: String, label: String, unit: String, higherIsBetter: Bool, decimals: Int) {
            self.id = id; self.label = label; self.unit = unit; self.higherIsBetter = higherIsBetter; self.decimals = decimals
        }
    }

    /// A mean with its 95% confidence half-width.
    public struct Estimate: Sendable, Equatable {
        public var mean: Double
        public var halfWidth: Double
        public init(mean: Double, halfWidth: Double) { self.mean = mean; self.halfWidth = halfWidth }
    }

    /// One policy's KPI estimates, in column order.
    public struct PolicyRow: Sendable, Equatable {
        public var policy: String
        public var values: [Estimate]
        public init(policy: String, values: [Estimate]) { self.policy = policy; self.values = values }
    }

    /// A paired difference (policy − baseline) for one KPI.
    public struct Comparison: Sendable, Equatable {
        public var policy: String
        public var column: String
        public var difference: Estimate
        /// True when the 95% interval of the difference excludes zero.
        public var significant: Bool
        public init(policy: String, column: String, difference: Estimate, significant: Bool) {
            self.policy = policy; self.column = column; self.difference = difference; self.significant = significant
        }
    }

    /// Cost by component for one policy.
    public struct CostBreakdown: Sendable, Equatable {
        public var policy: String
        /// (component name, currency over the measured days), in stacking order.
        public var components: [Component]
        public init(policy: String, components: [Component]) { self.policy = policy; self.components = components }
        public struct Component: Sendable, Equatable {
            public var name: String
            public var value: Double
            public init(name: String, value: Double) { self.name = name; self.value = value }
        }
    }

    /// Service level (fill rate, share) vs average on-hand units for one policy.
    public struct TradeOffPoint: Sendable, Equatable {
        public var policy: String
        public var serviceLevel: Double
        public var averageStockUnits: Double
        public init(policy: String, serviceLevel: Double, averageStockUnits: Double) {
            self.policy = policy; self.serviceLevel = serviceLevel; self.averageStockUnits = averageStockUnits
        }
    }

    /// Daily stock of one SKU in one replication under one policy.
    public struct Trajectory: Sendable, Equatable {
        public var policy: String
        public var sku: String
        public var days: [Int]
        public var onHandUnits: [Double]
        public var onOrderUnits: [Double]
        public var backorderedUnits: [Double]
        public init(policy: String, sku: String, days: [Int], onHandUnits: [Double], onOrderUnits: [Double], backorderedUnits: [Double]) {
            self.policy = policy; self.sku = sku; self.days = days
            self.onHandUnits = onHandUnits; self.onOrderUnits = onOrderUnits; self.backorderedUnits = backorderedUnits
        }
    }

    /// History, forecast mean and prediction band of one SKU (per period).
    public struct ForecastBand: Sendable, Equatable {
        public var sku: String
        public var historyLabels: [String]
        public var history: [Double]
        public var forecastLabels: [String]
        public var mean: [Double]
        public var lower: [Double]
        public var upper: [Double]
        public init(sku: String, historyLabels: [String], history: [Double], forecastLabels: [String], mean: [Double],
                    lower: [Double], upper: [Double]) {
            self.sku = sku; self.historyLabels = historyLabels; self.history = history
            self.forecastLabels = forecastLabels; self.mean = mean; self.lower = lower; self.upper = upper
        }
    }

    /// Mean training reward per period after some environment steps, of a trained policy in the run.
    public struct LearningPoint: Sendable, Equatable {
        public var environmentSteps: Int
        public var meanReward: Double
        public init(environmentSteps: Int, meanReward: Double) { self.environmentSteps = environmentSteps; self.meanReward = meanReward }
    }
}
