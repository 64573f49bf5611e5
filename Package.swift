// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "RNNKit",
    products: [
        .library(name: "RNNKit", targets: ["RNNKit"]),
        .library(name: "RNNCore", targets: ["RNNCore"]),
        .library(name: "SequenceData", targets: ["SequenceData"]),
        .executable(name: "char-rnn", targets: ["char-rnn"]),
        .executable(name: "forecast", targets: ["forecast"]),
        .executable(name: "rnn-bench", targets: ["RNNBench"]),
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
        .target(name: "CKernels"),
        .target(name: "FileReading"),
        .target(name: "Requirements"),
        .target(name: "RNNCore", dependencies: ["COpenBLAS", "CKernels", "FileReading", "Requirements"]),
        .target(name: "SequenceData", dependencies: ["FileReading", "Requirements"]),
        .target(name: "RNNKit", dependencies: ["RNNCore", "SequenceData", "CKernels", "FileReading", "Requirements"]),
        .target(
            name: "CommandLineSupport",
            dependencies: ["RNNKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Support"
        ),
        .executableTarget(
            name: "char-rnn",
            dependencies: ["RNNKit", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/CharRNN",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "forecast",
            dependencies: ["RNNKit", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/Forecast",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "RNNBench",
            dependencies: ["RNNKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/RNNBench"
        ),
        .target(name: "_TestSupport", dependencies: ["RNNCore", "FileReading"], path: "Tests/_TestSupport"),
        .target(name: "_ForecastTestSupport", dependencies: ["RNNKit", "_TestSupport"], path: "Tests/_ForecastTestSupport"),
        .testTarget(name: "CharRNNTests", dependencies: ["char-rnn", "CommandLineSupport", "RNNCore", "_TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ForecastTests", dependencies: ["forecast", "RNNKit", "_TestSupport", "_ForecastTestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["RNNKit", "_TestSupport", "_ForecastTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RNNCoreTests", dependencies: ["RNNCore", "CKernels", "_TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RNNKitTests", dependencies: ["RNNKit", "Requirements", "_TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SequenceDataTests", dependencies: ["SequenceData", "_TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
