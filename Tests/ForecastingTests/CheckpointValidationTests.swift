import Foundation
@testable import RNNKit
import Testing
import _ForecastTestSupport
import _TestSupport

/// Forecast checkpoints whose metadata would change the forecast are refused at load, naming the field.
@Suite("forecast checkpoint fields")
struct CheckpointValidationTests {
    /// The reason `ForecastCheckpoint(contentsOf:)` gives for the tiny model with its metadata edited, or nil when it loads; without
    /// the version that wrote the file, which a refusal of its metadata ends with.
    func refusal(_ edit: (inout [String: Any]) -> Void) throws -> String? {
        let dir = try TemporaryDirectory()
        let path = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("edited.safetensors"), edit)
        do {
            _ = try ForecastCheckpoint(contentsOf: path)
            return nil
        } catch let ForecastError.invalidCheckpoint(_, reason) {
            let writer = "; the file was written by RNNKit \(rnnKitVersion)"
            return reason.hasSuffix(writer) ? String(reason.dropLast(writer.count)) : reason
        }
    }

    /// `info["config"]` edited by `edit`.
    func editConfig(_ info: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var config = info["config"] as! [String: Any]
        edit(&config)
        info["config"] = config
    }

    @Test func theScalerMustMatchTheSettings() throws {
        #expect(try refusal { _ in } == nil)
        #expect(try refusal { $0["scaler"] = NSNull() }?.hasPrefix("'scaler' is missing or null, but 'config.scaling' is 'standard'") == true)
        #expect(try refusal { $0.removeValue(forKey: "scaler") }?.hasPrefix("'scaler' is missing or null") == true)
        #expect(try refusal { info in
            info["scaler"] = ["kind": "standard", "offsets": [4.8, 1], "scales": [0.1, 1]]
        } == "'scaler' has 2 columns; a forecast model scales its one column")
        #expect(try refusal { info in
            info["scaler"] = ["kind": "minMax", "offsets": [4.8], "scales": [0.1]]
        } == "'scaler' is of kind 'minMax', but 'config.scaling' is 'standard'")
        #expect(try refusal { editConfig(&$0) { $0["scaling"] = NSNull() } }?.hasPrefix("'scaler' is set (standard), but 'config.scaling' is null") == true)
        for (offsets, scales) in [([4.8], [0.0]), ([4.8], [-1.0]), (["nan"], [0.1]), ([4.8], ["inf"])] as [([Any], [Any])] {
            #expect(try refusal { $0["scaler"] = ["kind": "standard", "offsets": offsets, "scales": scales] }?
                .contains("invalid scaler: offsets must be finite and scales finite and positive") == true, "\(offsets) \(scales)")
        }
    }

    @Test func otherFieldsAreNamed() throws {
        #expect(try refusal { $0["members"] = 0 } == "'members' is 0; expected at least 1 network")
        #expect(try refusal { $0["transform"] = "auto" }?.hasPrefix("'transform' is 'auto'") == true)
        #expect(try refusal { editConfig(&$0) { $0.removeValue(forKey: "season") } }?.hasPrefix("'config.season' is missing") == true)
        #expect(try refusal { $0["frequency"] = ["months": ["_0": 0]] } == "'frequency' has a step of 0; expected a positive step")
        #expect(try refusal { editConfig(&$0) { $0["levels"] = [0.9999999999999999] } }?
            .contains("0.9999999999999999 is too close to 1 for its upper quantile (1 + level) / 2 to be below 1") == true)
        #expect(try refusal { editConfig(&$0) { $0["layers"] = 2; $0["dropout"] = 1 } }?
            .contains("must be in [0, 1), got 1.0") == true)
        #expect(try refusal { $0["intervalScales"] = [1.2] } == "'intervalScales' has 1 factor; expected one per interval level, 2")
        #expect(try refusal { $0["intervalScales"] = [1.2, -1] } == "'intervalScales' holds -1.0; expected finite factors >= 0")
        #expect(try refusal { $0["intervalScales"] = ["inf", 1] } == "'intervalScales' holds inf; expected finite factors >= 0")
        #expect(try refusal { $0["intervalScales"] = [1.2, 0.9] } == nil)
    }

    /// A huge lookback was blamed on the horizon as a usage error: settings that cannot forecast one step are the file's.
    /// A horizon past the limit loads (models trained before it), and a forecast of it is refused at once (a million
    /// steps ran for hours).
    @Test func settingsTooLargeToForecastAreRefused() throws {
        let reason = try refusal { editConfig(&$0) { $0["lookback"] = 1_000_000_000 } }
        #expect(reason?.hasPrefix("its settings (lookback 1000000000, season 12, ") == true, "\(reason ?? "loads")")
        #expect(reason?.contains("need more memory to forecast one step than this machine's") == true)
        // A history of Int.max values (the lookback, or a season the seasonal changes reach back) once overflowed counting its bytes.
        for field in ["lookback", "season"] {
            let reason = try refusal { editConfig(&$0) { $0[field] = Int.max } }
            #expect(reason?.contains("need more memory to forecast one step than this machine's") == true, "\(field): \(reason ?? "loads")")
        }
        #expect(try refusal { editConfig(&$0) { $0["horizon"] = 1_500 } } == nil)
        let dir = try TemporaryDirectory()
        let path = try editedCheckpoint(try savedTinyModel(in: dir), as: dir.file("long.safetensors")) { info in
            editConfig(&info) { $0["horizon"] = 1_000_000 }
        }
        let long = try ForecastCheckpoint(contentsOf: path).model
        let history = try monthlySeries(60).column(0)
        #expect(throws: ForecastError.configuration(ConfigurationError(
            "the horizon (\(setting: "horizon")) must be at most 1000 steps, got 1000000, the horizon the model was trained for; ask for fewer"))) {
            try long.forecast(history: history)
        }
        #expect(try long.forecast(history: history, horizon: 3).mean.count == 3)
    }
}

/// Forecast model files record the RNNKit version that wrote them, and refusals of a file name it.
@Suite("forecast checkpoint version")
struct ForecastCheckpointVersionTests {
    /// The tiny model's file with its metadata changed by `edit`; the reason it is refused, or nil when it loads.
    func refusal(_ edit: (inout [String: String]) -> Void) throws -> String? {
        let dir = try TemporaryDirectory()
        let url = URL(fileURLWithPath: try savedTinyModel(in: dir))
        var file = try SafetensorsFile(contentsOf: url)
        edit(&file.metadata)
        try file.write(to: url)
        do {
            _ = try ForecastCheckpoint(contentsOf: url.path)
            return nil
        } catch let ForecastError.invalidCheckpoint(_, reason) {
            return reason
        }
    }

    @Test func aSavedModelRecordsThisVersion() throws {
        let dir = try TemporaryDirectory()
        let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: try savedTinyModel(in: dir)))
        #expect(file.metadata["rnnkit_version"] == rnnKitVersion)
    }

    /// Files written before the version was recorded load as before.
    @Test func aModelWithoutTheVersionLoads() throws {
        #expect(try refusal { $0["rnnkit_version"] = nil } == nil)
    }

    @Test func aRefusalNamesTheVersionThatWroteTheFile() throws {
        let newer = { (metadata: inout [String: String]) in
            metadata["forecast"] = metadata["forecast"]!.replacingOccurrences(of: "rnnkit-forecast/1", with: "rnnkit-forecast/2")
        }
        #expect(try refusal { newer(&$0); $0["rnnkit_version"] = "0.9.0" }
            == "format 'rnnkit-forecast/2', expected 'rnnkit-forecast/1'; the file was written by RNNKit 0.9.0")
        #expect(try refusal { newer(&$0); $0["rnnkit_version"] = nil } == "format 'rnnkit-forecast/2', expected 'rnnkit-forecast/1'")
        #expect(try refusal { $0["forecast"] = nil } == "no 'forecast' metadata; it was not written by forecast train; the file was written by RNNKit \(rnnKitVersion)")
        #expect(try refusal { $0["forecast"] = "{" }?.hasSuffix("; the file was written by RNNKit \(rnnKitVersion)") == true)
    }
}
