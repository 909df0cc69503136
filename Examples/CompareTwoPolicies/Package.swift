// swift-tools-version:6.0
import PackageDescription

// A program that uses Restock as a library: two base-stock levels compared under common random numbers.
let package = Package(
    name: "CompareTwoPolicies",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Restock", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "CompareTwoPolicies",
            dependencies: [
                .product(name: "Stochastics", package: "Restock"),
                .product(name: "Policies", package: "Restock"),
                .product(name: "Simulation", package: "Restock"),
                .product(name: "Scenario", package: "Restock"),
                .product(name: "Experiment", package: "Restock"),
            ]
        ),
    ]
)
