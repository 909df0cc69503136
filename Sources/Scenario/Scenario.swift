import Policies
import Simulation
import Stochastics

/// A validated scenario: the world to simulate, the policies to compare, and how to run the experiment.
public struct Scenario: Sendable {
    /// Short name; also the default report folder `reports/<name>/`.
    public var name: String
    /// Free text shown in reports.
    public var description: String
    /// Seed of all random substreams.
    public var seed: UInt64
    /// Independent replications per policy.
    public var replications: Int
    /// GSL generator algorithm.
    public var generator: GeneratorKind
    /// The business.
    public var world: WorldConfiguration
    /// The policies to compare, with every parameter resolved to a number.
    public var policies: [PolicyDefinition]
    /// Path of the file it came from.
    public var sourcePath: String
    /// Per SKU, the demand forecaster that forecast-driven policies consult (nil: none).
    public var forecasters: [(any DemandForecastProvider)?]
    /// Per SKU, a line describing a fitted demand model (nil for plain demand laws).
    public var demandModelNotes: [String?]
    /// Per SKU, the history and the fitted model's forecast (nil for plain demand laws), for reports.
    public var forecastViews: [ForecastView?]
    /// The `--set key.path=value` overrides applied when the file was loaded, in order.
    public var overrides: [String] = []
    /// FNV-1a hash of the scenario file as loaded, overrides applied, keys sorted, comments and layout
    /// ignored (`ScenarioLoader.fingerprint(of:)`); nil for a scenario built in code. Files the scenario
    /// reads (a sales history) are not part of it.
    public var fingerprint: String?
    /// SKUs (the first ones, in product order) whose days the report's `trace.csv` records: it grows with
    /// SKUs × days × policies, so big scenarios keep it bounded (`restock run --trace-skus`).
    public var tracedSKUs = Scenario.defaultTracedSKUs
    /// The classroom game's settings (`workshop:` in the file), when the scenario has them; `restock workshop`
    /// plays a scenario without them with the defaults of ``WorkshopSettings``.
    public var workshop: WorkshopSettings?
    /// ``tracedSKUs`` unless changed: 100.
    public static let defaultTracedSKUs = 100

    /// Creates a scenario (the loader is the usual way).
    public init(name: String, description: String = "", seed: UInt64, replications: Int,
                generator: GeneratorKind = .mt19937, world: WorldConfiguration, policies: [PolicyDefinition],
                sourcePath: String = "") {
        self.name = name
        self.description = description
        self.seed = seed
        self.replications = replications
        self.generator = generator
        self.world = world
        self.policies = policies
        self.sourcePath = sourcePath
        forecasters = Array(repeating: nil, count: world.products.count)
        demandModelNotes = Array(repeating: nil, count: world.products.count)
        forecastViews = Array(repeating: nil, count: world.products.count)
    }
}
