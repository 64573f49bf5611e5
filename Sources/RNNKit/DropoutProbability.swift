/// The check of a configuration's dropout probability (``LanguageModelConfig/dropout``,
/// ``ForecastConfig/dropout``): a probability in [0, 1), in one wording for both.
enum DropoutProbability {
    /// Throws unless `p` is in [0, 1): "the dropout probability (`setting`) must be in [0, 1), got `p`".
    static func require(_ p: Double, setting: String) throws(ConfigurationError) {
        guard p >= 0 && p < 1 else {
            throw ConfigurationError("the dropout probability (\(setting: setting)) must be in [0, 1), got \(p)")
        }
    }
}
