import RNNKit

/// What a command says about the series it read, so that a user sees which column of the file it took.
extension TimeSeries {
    /// `column 'Open' (72 values 1 day apart`…: the target column and its values with their spacing; the caller
    /// adds the rest of the parenthesis. Dates that are labels give no spacing; a series without dates says so.
    var columnAndValues: String {
        let spacing = frequency.map { " \($0.spacing) apart" } ?? (dates == nil ? " without dates" : "")
        return "column '\(columns[0])' (\(CountText.of(count, "value"))\(spacing)"
    }
}
