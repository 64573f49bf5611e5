import Foundation
import RNNKit
import Testing
import _TestSupport

// Tiny forecast models for tests, and their checkpoints edited.

/// Small settings so debug runs stay fast.
public func tinyConfig(horizon: Int, strategy: MultiStepStrategy = .recursive, head: HeadKind = .gaussian, ensemble: Int = 1) -> ForecastConfig {
    var c = ForecastConfig()
    (c.horizon, c.strategy, c.head, c.ensemble) = (horizon, strategy, head, ensemble)
    (c.hidden, c.epochs, c.validationFraction, c.samples) = (4, 2, 0, 20)
    return c
}

/// A tiny model trained and saved as `m.safetensors` in `dir`; its path.
public func savedTinyModel(in dir: TemporaryDirectory) throws -> String {
    let series = try monthlySeries(60)
    let path = dir.path("m.safetensors")
    let model = try ForecastModel.train(series: series, config: tinyConfig(horizon: 2), name: "s")
    try ForecastCheckpoint(model: model, source: "s", series: series).write(to: path)
    return path
}

/// The checkpoint at `path` with its `forecast` metadata (as JSON) changed by `edit`, written to `url`; its path.
public func editedCheckpoint(_ path: String, as url: URL, _ edit: (inout [String: Any]) -> Void) throws -> String {
    var file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
    var info = try #require(try JSONSerialization.jsonObject(with: Data(file.metadata["forecast"]!.utf8)) as? [String: Any])
    edit(&info)
    file.metadata["forecast"] = String(decoding: try JSONSerialization.data(withJSONObject: info), as: UTF8.self)
    try file.write(to: url)
    return url.path
}
