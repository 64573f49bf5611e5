import Testing
@testable import RNNKit

/// `evaluate`'s table keeps every number under its header, whatever the width of a level's name.
@Suite struct EvaluationTableTests {
    /// Each header ends where the numbers of its column end (all right-aligned), for levels named in 1 to 18 characters.
    @Test func numbersEndUnderTheirHeadersForLongLevelNames() {
        let levels = [1e-9, 0.025, 0.30000000000000004]
        let scores = ["rnn", "naive"].map { name in
            ModelScores(model: name, mase: 1.5, smape: 2, rmse: 0.5, mae: 3, coverage: Dictionary(uniqueKeysWithValues: levels.map { ($0, 0.5) }),
                        msis: Dictionary(uniqueKeysWithValues: levels.map { ($0, 12.25) }))
        }
        let lines = Evaluation.table(scores, title: "s").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        /// The offsets where a run of non-spaces ends in `line`.
        func ends(_ line: String) -> [Int] {
            let characters = Array(line)
            return characters.indices.filter { characters[$0] != " " && ($0 + 1 == characters.count || characters[$0 + 1] == " ") }
        }
        let header = ends(lines[1])
        #expect(lines[1].hasSuffix(" MAE cov0.0000001  cov2.5 cov30.000000000000004 MSIS0.0000001  MSIS2.5 MSIS30.000000000000004"), "\(lines[1])")
        for row in lines[2...] {
            #expect(ends(row).dropFirst() == header.dropFirst(), "\(lines[1])\n\(row)")  // the model's name is left-aligned
        }
    }
}
