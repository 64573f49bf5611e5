import Foundation
import Testing
import RNNKit

/// The one list of built-in cells that language models and forecasters record.
@Suite struct CellKindTests {
    /// `elman`, the name forecast models recorded for the Elman cell, still reads as `rnn`;
    /// every cell is written under its PyTorch module's name.
    @Test func namesReadAndWrite() throws {
        let read = try JSONDecoder().decode([CellKind].self, from: Data(#"["lstm","gru","rnn","elman"]"#.utf8))
        #expect(read == [.lstm, .gru, .rnn, .rnn])
        #expect(String(decoding: try JSONEncoder().encode(read), as: UTF8.self) == #"["lstm","gru","rnn","rnn"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CellKind.self, from: Data(#""transformer""#.utf8)) }
    }
}
