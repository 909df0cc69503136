// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Restock",
    platforms: [.macOS(.v14)],
    products: [
        // MARK: - Public API
        .executable(name: "restock", targets: ["RestockCLI"]),
        .library(name: "Stochastics", targets: ["Stochastics"]),
        .library(name: "Policies", targets: ["Policies"]),
        .library(name: "Forecasting", targets: ["Forecasting"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Scenario", targets: ["Scenario"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Experiment", targets: ["Experiment"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: - Implementation details
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),

        // MARK: - Libraries
        .target(name: "Stochastics", dependencies: ["CGSL"]),
        .target(name: "Policies", dependencies: ["Stochastics"]),
        .target(name: "Forecasting", dependencies: ["Stochastics", "CGSL"]),
        // Training runs neural-network and environment loops millions of times; debug builds (and so
        // `swift test`) compile this target optimised too, so that the learning tests finish in seconds.
        .target(name: "Learning", dependencies: ["Stochastics", "Policies"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Simulation", dependencies: ["Stochastics", "Policies"]),
        .target(name: "Scenario", dependencies: ["Stochastics", "Policies", "Simulation", "Forecasting", "Learning", "Yams"]),
        .target(
            name: "Reports",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")]
        ),
        .target(name: "Experiment", dependencies: ["Scenario", "Simulation", "Policies", "Forecasting", "Reports", "Learning"]),
        .executableTarget(
            name: "RestockCLI",
            dependencies: ["Experiment", "Scenario", "Forecasting", "Reports", "Learning", "Policies",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: - Tests
        .testTarget(name: "StochasticsTests", dependencies: ["Stochastics"]),
        .testTarget(name: "PoliciesTests", dependencies: ["Policies", "Stochastics"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "Stochastics"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Policies", "Stochastics"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Policies", "Stochastics", "Reports"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Simulation", "Forecasting", "Learning", "Policies"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Experiment", "Scenario", "RestockCLI", "Simulation", "Learning", "Policies"]),
    ]
)
