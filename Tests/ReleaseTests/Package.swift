// swift-tools-version:6.0
import PackageDescription

// The release step of Restock's tests (scripts/test-training): the tests that train agents to a known optimum
// take seconds optimised and many minutes in the debug `swift test`. A package of their own, so that the
// release build compiles only what they use (Learning and below), not the whole of Restock with its web stack.
let package = Package(
    name: "RestockReleaseTests",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Restock", path: "../.."),
    ],
    targets: [
        .testTarget(
            name: "TrainingTests",
            dependencies: [
                .product(name: "Learning", package: "Restock"),
                .product(name: "Policies", package: "Restock"),
            ],
            path: "Training"
        ),
    ]
)
