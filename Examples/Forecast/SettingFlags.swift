import RNNKit

/// The flag that sets each library setting a ``ForecastError`` or ``SequenceDataError`` names, so that
/// forecast's errors speak of `--batch-size` where the library speaks of `ForecastConfig.batchSize`.
enum SettingFlags {
    static let flags: [String: String] = [
        "ForecastConfig.horizon": "--horizon", "ForecastConfig.season": "--season", "ForecastConfig.lookback": "--lookback",
        "ForecastConfig.hidden": "--hidden", "ForecastConfig.layers": "--layers", "ForecastConfig.dropout": "--dropout",
        "ForecastConfig.epochs": "--max-epochs", "ForecastConfig.patience": "--patience", "ForecastConfig.batchSize": "--batch-size",
        "ForecastConfig.windowsPerEpoch": "--windows-per-epoch", "ForecastConfig.validationWindows": "--validation-windows",
        "ForecastConfig.learningRate": "--lr", "ForecastConfig.clipNorm": "--clip-norm", "ForecastConfig.validationFraction": "--validation",
        "ForecastConfig.levels": "--levels", "ForecastConfig.calibration": "--calibration", "ForecastConfig.ensemble": "--ensemble", "ForecastConfig.transform": "--transform",
        "ForecastConfig.calendar": "--calendar", "ForecastConfig.calendarCycles": "--calendar-cycles",
        "Evaluation.horizon": "--horizon", "Evaluation.backtest": "--backtest", "Evaluation.step": "--backtest-step",
        "SeriesLoader.season": "--season", "SeriesLoader.fill": "--fill", "horizon": "--horizon",
        "TimeSeries(missing:)": "--fill", "TimeSeries(seasonLength:)": "--season", "ForecastData(scaling:)": "--scaling",
        "OptimizerSettings.learningRate": "--lr",
    ]

    /// The setting's flag, or its name when it has none.
    static func flag(_ setting: String) -> String { flags[setting] ?? setting }
}
