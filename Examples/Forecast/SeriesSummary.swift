import RNNKit

/// What a command says about the series it read, so that a user sees which column of the file it took.
extension TimeSeries {
    /// `column 'Open' (72 values 1 day apart, …)`: the target column and its values with their spacing, then `details`
    /// inside the parenthesis. Dates that are labels give no spacing; a series without dates says so.
    func columnAndValues(_ details: String...) -> String {
        let spacing = frequency.map { " \($0.spacing) apart" } ?? (dates == nil ? " without dates" : "")
        return "column '\(columns[0])' (" + (["\(CountText.of(count, "value"))\(spacing)"] + details).joined(separator: ", ") + ")"
    }
}
