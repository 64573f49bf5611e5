import RNNCore

extension LanguageModelConfig {
    /// The shape of the model whose PyTorch `state_dict` a file holds (`CharModel`:
    /// `embed.weight` [V, E], `rnn.weight_hh_l<k>` [G·H, H] for k = 0..<L, …).
    ///
    /// V and E come from the embedding, H and the cell from the gate rows G·H of
    /// `rnn.weight_hh_l0` (G = 4 LSTM, 3 GRU, 1 tanh RNN; an RNN with ReLU has the same
    /// shapes and is read as tanh), L from the consecutive `rnn.weight_hh_l<k>`; the biases
    /// from whether `rnn.bias_ih_l0` is there (PyTorch's `bias=False` saves none), and an
    /// LSTM's projection from `rnn.weight_hr_l0` [P, H] (`proj_size`), whose H it is then.
    /// The other tensors are checked when the weights are loaded.
    /// - Parameters:
    ///   - file: the tensors.
    ///   - dropout: the dropout between layers, which a state dict does not hold.
    /// - Throws: ``CheckpointError`` naming the file when a tensor the shape is read from is missing or
    ///   misshapen (a projection not narrower than H included), or the model is bidirectional
    ///   (a language model runs forward only).
    public init(stateDictOf file: SafetensorsFile, dropout: Double = 0) throws(CheckpointError) {
        func shape(_ name: String, rank: Int) throws(CheckpointError) -> [Int] {
            guard let tensor = file.tensors[name] else {
                throw CheckpointError(file: file.source, reason: "no tensor \"\(name)\" to read the model's shape from "
                    + "(a PyTorch state_dict of embed, rnn and head is expected; the file holds \(file.tensors.keys.sorted().prefix(8).joined(separator: ", ")))")
            }
            guard tensor.shape.count == rank, tensor.shape.allSatisfy({ $0 > 0 }) else {
                throw CheckpointError(file: file.source, reason: "tensor \"\(name)\" has shape \(tensor.shape), expected \(rank) positive sizes")
            }
            return tensor.shape
        }
        let embedding = try shape("embed.weight", rank: 2)
        let recurrent = try shape("rnn.weight_hh_l0", rank: 2)
        let projection = file.tensors["rnn.weight_hr_l0"] == nil ? nil : try shape("rnn.weight_hr_l0", rank: 2)   // [P, H]
        let hidden = projection?[1] ?? recurrent[1]
        if let projection {
            // Checked here, where the message can name the tensor: `validate()` would name flags the file's shape cannot come from.
            guard projection[0] < hidden else {
                throw CheckpointError(file: file.source, reason: "\"rnn.weight_hr_l0\" has shape \(projection); an LSTM's projection [P, H] "
                    + "needs P below H, as PyTorch's proj_size below hidden_size")
            }
            guard recurrent == [4 * hidden, projection[0]] else {
                throw CheckpointError(file: file.source, reason: "\"rnn.weight_hh_l0\" has shape \(recurrent); with \"rnn.weight_hr_l0\" of shape "
                    + "\(projection) (an LSTM's projection [P, H]) it must be [4H, P] = \([4 * hidden, projection[0]])")
            }
        }
        guard recurrent[0] % hidden == 0, let cell = CellKind.allCases.first(where: { $0.gates == recurrent[0] / hidden }) else {
            throw CheckpointError(file: file.source, reason: "\"rnn.weight_hh_l0\" has shape \(recurrent); its rows are not 4, 3 or 1 "
                + "times its columns (LSTM, GRU or RNN)")
        }
        guard file.tensors["rnn.weight_hh_l0_reverse"] == nil else {
            throw CheckpointError(file: file.source, reason: "the model is bidirectional; a language model runs forward only")
        }
        var layers = 1
        while file.tensors["rnn.weight_hh_l\(layers)"] != nil { layers += 1 }
        self.init(cell: cell, vocabularySize: embedding[0], embeddingSize: embedding[1], hiddenSize: hidden, layers: layers,
                  dropout: dropout, bias: file.tensors["rnn.bias_ih_l0"] != nil, projectionSize: projection?[0])
    }
}
