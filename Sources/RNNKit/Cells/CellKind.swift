/// The built-in recurrent cells, by the names of PyTorch's modules: what a language model's or a
/// forecaster's configuration records, and which gate kernels a ``FusedCell`` runs.
public enum CellKind: String, Codable, CaseIterable, Sendable {
    /// ``LSTMCell`` (PyTorch `nn.LSTM`).
    case lstm
    /// ``GRUCell`` (PyTorch `nn.GRU`).
    case gru
    /// ``ElmanCell`` (PyTorch `nn.RNN`): with tanh in a configuration; a ``FusedCell`` of one says whether ReLU.
    case rnn

    /// The cell named `rawValue`; `elman` is taken for ``rnn`` (forecast models recorded that name).
    public init?(rawValue: String) {
        switch rawValue {
        case "lstm": self = .lstm
        case "gru": self = .gru
        case "rnn", "elman": self = .rnn
        default: return nil
        }
    }

    /// G, the number of gates.
    public var gates: Int {
        switch self {
        case .lstm: 4
        case .gru: 3
        case .rnn: 1
        }
    }
}
