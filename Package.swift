// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "RNNKit",
    products: [
        .library(name: "RNNKit", targets: ["RNNKit"]),
        .library(name: "RNNCore", targets: ["RNNCore"]),
        .library(name: "SequenceData", targets: ["SequenceData"]),
        .executable(name: "forecast", targets: ["forecast"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "RNNCore", dependencies: ["COpenBLAS"]),
        .target(name: "SequenceData"),
        .target(name: "RNNKit", dependencies: ["RNNCore", "SequenceData"]),
        .executableTarget(
            name: "forecast",
            dependencies: ["RNNKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Forecast"
        ),
        .testTarget(name: "ForecastTests", dependencies: ["forecast", "RNNKit"]),
        .testTarget(name: "RNNCoreTests", dependencies: ["RNNCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RNNKitTests", dependencies: ["RNNKit"], exclude: ["Fixtures"]),
        .testTarget(name: "SequenceDataTests", dependencies: ["SequenceData"]),
    ],
    swiftLanguageModes: [.v6]
)
