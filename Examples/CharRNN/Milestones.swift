import ArgumentParser

/// `--milestones`: the steps of a multistep schedule's decays, written as PyTorch's list of them without brackets.
enum Milestones {
    /// The steps of `text`, integers separated by commas (`1000,2500`); whether they increase is the schedule's check.
    /// - Throws: `ValidationError` (a usage error naming the flag) for a part that is not an integer.
    static func parsed(_ text: String) throws -> [Int] {
        let steps = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !steps.isEmpty, steps.allSatisfy({ $0 != nil }) else {
            throw ValidationError("expected steps separated by commas, such as 1000,2500")
        }
        return steps.map { $0! }
    }
}
