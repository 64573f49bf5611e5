import CommandLineSupport

/// `--milestones`: the steps of a multistep schedule's decays, written as PyTorch's list of them without brackets.
enum Milestones {
    /// The steps of `text`, integers separated by commas (`1000,2500`), read as forecast reads its lists
    /// (``CommaSeparatedList``); whether they increase is the schedule's check.
    /// - Throws: ``UsageError`` naming the flag, for an empty part or one that is not an integer.
    static func parsed(_ text: String) throws -> [Int] {
        try CommaSeparatedList.items(text, rule: "the milestones (--milestones) must be comma-separated whole numbers such as 1000,2500",
                                     notOne: "is not a whole number", Int.init)
    }
}
