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

    /// Each kind opens to the cell it names, and that cell's stack has the gates and the
    /// PyTorch names of its module.
    @Test func cellTypeBuildsTheNamedStack() {
        func stack<Cell: BuiltinCell>(_: Cell.Type) -> (kind: CellKind, names: [String], shapes: [[Int]]) where Cell.Scalar == Double {
            var g = SeededGenerator(seed: 1)
            let stack = Cell.stack(inputSize: 3, hiddenSize: 5, layers: 2, dropout: 0, name: "enc", generator: &g)
            return (Cell.kind, stack.parameters.map(\.name), stack.parameters.map(\.shape))
        }
        for kind in CellKind.allCases {
            let built = stack(kind.cellType(Double.self))
            #expect(built.kind == kind)
            #expect(built.names == ["enc.weight_ih_l0", "enc.weight_hh_l0", "enc.bias_ih_l0", "enc.bias_hh_l0",
                                    "enc.weight_ih_l1", "enc.weight_hh_l1", "enc.bias_ih_l1", "enc.bias_hh_l1"])
            let g = kind.gates
            #expect(built.shapes == [[g * 5, 3], [g * 5, 5], [g * 5], [g * 5], [g * 5, 5], [g * 5, 5], [g * 5], [g * 5]])
        }
    }
}
