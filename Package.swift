// swift-tools-version:6.0
import PackageDescription

// Data flows one way through the targets (docs/ARCHITECTURE.md has the picture):
//   _CGSL → Stochastics → Policies → Simulation → Scenario → Experiment → Reporting → RestockCLI
// with Forecasting (time series and their models) beside Policies and Learning (environments and agents)
// beside Scenario; Reports (statistics tables, CSV, HTML) knows none of the simulation types; Workshop (the
// classroom game: Hummingbird, GRDB) sits between Reporting and RestockCLI.
let package = Package(
    name: "Restock",
    platforms: [.macOS(.v14)],
    products: [
        // MARK: - Public API
        .executable(name: "restock", targets: ["RestockCLI"]),
        .library(name: "Stochastics", targets: ["Stochastics"]),
        .library(name: "Forecasting", targets: ["Forecasting"]),
        .library(name: "Policies", targets: ["Policies"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Scenario", targets: ["Scenario"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Experiment", targets: ["Experiment"]),
        .library(name: "Reporting", targets: ["Reporting", "Reports"]),
        // The C interface (environments, the exact solver, runs with the caller's policies) as a shared
        // library, for the Python package in python/ and any other language with a C FFI.
        .library(name: "RestockC", type: .dynamic, targets: ["RestockC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `restock workshop`: HTTP (Hummingbird) and the game's state in SQLite (GRDB; Debian: libsqlite3-dev).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Named for the types the workshop uses directly (header names, the round timer as a service);
        // Hummingbird depends on them already.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // NIOEmbedded and Logging: a channel and a logger for the request contexts of the workshop tests'
        // in-process router client (Hummingbird depends on both already; HummingbirdTesting would add an HTTP
        // client and TLS, minutes of every CI build).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // MARK: - Implementation details
        // GSL, the random-distribution engine (Debian: libgsl-dev). Only Stochastics and Forecasting
        // import it, internally: no GSL type appears in a public API.
        .systemLibrary(name: "_CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),

        // MARK: - Libraries, in the order data flows through them
        .target(name: "Stochastics", dependencies: ["_CGSL"]),
        .target(name: "Forecasting", dependencies: ["Stochastics", "_CGSL"]),
        .target(name: "Policies", dependencies: ["Stochastics"]),
        .target(name: "Simulation", dependencies: ["Stochastics", "Policies"]),
        .target(name: "Learning", dependencies: ["Stochastics", "Policies", "Simulation"]),
        .target(name: "Scenario", dependencies: ["Stochastics", "Policies", "Simulation", "Forecasting",
                                                 .product(name: "Yams", package: "Yams")]),
        .target(name: "Reports", dependencies: ["Stochastics", .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "Experiment", dependencies: ["Stochastics", "Policies", "Simulation", "Learning", "Scenario", "Reports"]),
        .target(name: "Reporting", dependencies: ["Stochastics", "Forecasting", "Simulation", "Scenario", "Reports", "Experiment"]),
        // The classroom game of `restock workshop`: teams play a scenario's SKU in the browser against the
        // scenario's policies on the same demand; state in SQLite, pages from Reports' templates and charts.
        .target(name: "Workshop", dependencies: ["Stochastics", "Policies", "Simulation", "Scenario", "Reports", "Experiment",
                                                 "Reporting",
                                                 .product(name: "Hummingbird", package: "hummingbird"),
                                                 .product(name: "GRDB", package: "GRDB.swift"),
                                                 .product(name: "HTTPTypes", package: "swift-http-types"),
                                                 .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .target(name: "RestockC", dependencies: ["Stochastics", "Policies", "Simulation", "Learning", "Scenario", "Experiment",
                                                 "Reporting", "Reports"]),
        .executableTarget(
            name: "RestockCLI",
            dependencies: ["Stochastics", "Forecasting", "Policies", "Simulation", "Learning", "Scenario", "Reports",
                           "Experiment", "Reporting", "Workshop", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // MARK: - Tests
        // Reference files of the tests (Tests/Fixtures) and the code that finds them.
        .target(name: "RestockTestSupport", path: "Tests/Support"),
        .testTarget(name: "StochasticsTests", dependencies: ["Stochastics"]),
        .testTarget(name: "PoliciesTests", dependencies: ["Policies", "Stochastics", "RestockTestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "Stochastics", "RestockTestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Policies", "Stochastics", "RestockTestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Policies", "Stochastics", "RestockTestSupport"]),
        // ScenarioTests use Experiment's PolicyRegistry.standard to load the shipped trained policies.
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Simulation", "Forecasting", "Learning", "Policies", "Experiment", "RestockTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Stochastics"]),
        .testTarget(name: "WorkshopTests", dependencies: ["Workshop", "Scenario", "Experiment", "Simulation", "Policies", "Reports",
                                                          "RestockTestSupport",
                                                          .product(name: "Hummingbird", package: "hummingbird"),
                                                          .product(name: "NIOEmbedded", package: "swift-nio"),
                                                          .product(name: "Logging", package: "swift-log")]),
        // EndToEndTests run the built `restock` executable, hence the dependency on RestockCLI.
        .testTarget(name: "EndToEndTests", dependencies: ["Experiment", "Reporting", "Scenario", "RestockCLI", "Simulation",
                                                          "Learning", "Policies", "Stochastics", "Reports"]),
    ]
)
