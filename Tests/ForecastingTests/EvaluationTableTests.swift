import Testing
@testable import RNNKit

/// `evaluate`'s table keeps every number under its header, whatever the width of a level's name or of a number.
@Suite struct EvaluationTableTests {
    /// The offsets where a run of non-spaces ends in `line`.
    static func ends(_ line: String) -> [Int] {
        let characters = Array(line)
        return characters.indices.filter { characters[$0] != " " && ($0 + 1 == characters.count || characters[$0 + 1] == " ") }
    }

    /// Each header ends where the numbers of its column end (all right-aligned), for levels named in 1 to 18 characters.
    @Test func numbersEndUnderTheirHeadersForLongLevelNames() {
        let levels = [1e-9, 0.025, 0.30000000000000004]
        let scores = ["rnn", "naive"].map { name in
            ModelScores(model: name, mase: 1.5, smape: 2, rmse: 0.5, mae: 3, coverage: Dictionary(uniqueKeysWithValues: levels.map { ($0, 0.5) }),
                        msis: Dictionary(uniqueKeysWithValues: levels.map { ($0, 12.25) }))
        }
        let lines = Evaluation.table(scores, title: "s").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let header = Self.ends(lines[1])
        #expect(lines[1].hasSuffix(" MAE cov0.0000001  cov2.5 cov30.000000000000004 MSIS0.0000001  MSIS2.5 MSIS30.000000000000004"), "\(lines[1])")
        for row in lines[2...] {
            #expect(Self.ends(row).dropFirst() == header.dropFirst(), "\(lines[1])\n\(row)")  // the model's name is left-aligned
        }
    }

    /// An RMSE or MAE below 0.1 (`1.766e-02`, 9 characters) and scores of 9 or more characters (a MASE of 12345.678, an MSIS
    /// of 1234567.500) end under their headers too, one space or more apart; a table of short numbers keeps its widths.
    @Test func numbersEndUnderTheirHeadersForWideNumbers() {
        let wide = ModelScores(model: "rnn", mase: 12345.678, smape: 2, rmse: 0.01766, mae: 123456.5, coverage: [0.8: 0.5],
                               msis: [0.8: 1234567.5])
        let short = ModelScores(model: "naive", mase: 1.5, smape: 2, rmse: 0.5, mae: 3, coverage: [0.8: 0.75], msis: [0.8: 4.25])
        let lines = Evaluation.table([wide, short], title: "s").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let header = Self.ends(lines[1])
        #expect(lines[2].contains(" 12345.678 ") && lines[2].contains(" 1.766e-02 ") && lines[2].contains(" 123456.500 "), "\(lines[2])")
        for row in lines[2...] {
            #expect(Self.ends(row).dropFirst() == header.dropFirst(), "\(lines[1])\n\(row)")
        }
        // Values near 1e30 have their RMSE and MAE in the same form as small ones.
        let huge = ModelScores(model: "rnn", mase: 1.5, smape: 2, rmse: 1.2344e30, mae: 9.87e29, coverage: [0.8: 0.5], msis: [0.8: 4.25])
        let hugeRow = Evaluation.table([huge], title: "s").split(separator: "\n").map(String.init)[2]
        #expect(hugeRow.contains(" 1.234e+30 ") && hugeRow.contains(" 9.870e+29 "), "\(hugeRow)")
        let alone = Evaluation.table([short], title: "s").split(separator: "\n").map(String.init)
        #expect(alone[1] == "model               MASE    sMAPE     RMSE      MAE   cov80   MSIS80", "\(alone[1])")
        #expect(alone[2] == "naive              1.500    2.000    0.500    3.000    0.75    4.250", "\(alone[2])")
    }
}
