import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

/// `char-rnn sample`: generate text from a checkpoint, streamed to stdout.
struct Sample: ParsableCommand, CheckpointUser {
    static let configuration = CommandConfiguration(
        abstract: "Generate text from a checkpoint, one character at a time, streamed to standard output.",
        discussion: """
            A model trained with --encoding bytes generates bytes, written to standard output as they are: the bytes \
            of a UTF-8 character show as the character once all are written, and bytes that are not UTF-8 are written \
            unchanged (redirect them to a file); its --length counts bytes, and its --prime is taken as its UTF-8 bytes.
            """)

    @Option(help: "The checkpoint to sample from (a .safetensors file written by `char-rnn train`)\(DefaultCheckpoint.help)",
            transform: FileName.model)
    var checkpoint: String?
    @Option(parsing: .unconditional, help: "Characters to generate (bytes for a model trained with --encoding bytes).")
    var length = 500
    @Option(parsing: .unconditional, help: "Softmax temperature (> 0): below 1 is more conservative, above 1 more varied. (default: 1)")
    var temperature: Double?
    @Option(name: .customLong("top-k"), parsing: .unconditional, help: "Draw only among the k most likely characters.")
    var topK: Int?
    @Option(name: .customLong("top-p"), parsing: .unconditional,
            help: "Draw only among the most likely characters whose probabilities add up to p, in (0, 1] (nucleus sampling; after --top-k).")
    var topP: Double?
    @Option(parsing: .unconditional, help: "Text to start from (printed first; for a bytes model, its UTF-8 bytes); by default a newline when the vocabulary has one.")
    var prime: String?
    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 0
    @Flag(help: "Always take the most likely character (greedy; not given with --temperature, --top-k or --top-p).")
    var argmax = false

    /// The checks of the flags, made by the parser: usage errors (exit 64).
    func validate() throws {
        guard length >= 0 else { throw ValidationError("the sample length (--length) must be ≥ 0, got \(length)") }
        // Swift reads a byte that is not UTF-8 as U+FFFD, which would prime the model with another text.
        if let prime, ArgumentBytes.areNotUTF8(prime) {
            throw ValidationError("the prime (--prime) is not valid UTF-8 (\u{FFFD} stands for each byte that is not); give it in UTF-8")
        }
        if argmax, let flag = [("--temperature", temperature != nil), ("--top-k", topK != nil), ("--top-p", topP != nil)].first(where: \.1)?.0 {
            throw ValidationError("\(flag) cannot be given with --argmax, which always takes the most likely character")
        }
        _ = try sampler()
    }

    /// The sampler the flags describe.
    func sampler() throws -> TokenSampler {
        try SettingFlags.check { try TokenSampler(temperature: temperature ?? 1, topK: topK, topP: topP, argmax: argmax) }
    }

    func run() throws { try withModel(at: checkpoint) }

    func use<Cell: BuiltinCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float {
        var sampler = try sampler()
        var generator = SeededGenerator(seed: seed)
        let out = DescriptorText.standardOutput
        try generate(model, TokenText(vocabulary: checkpoint.vocabulary, encoding: checkpoint.encoding), prime: prime, length: length,
                     sampler: &sampler, generator: &generator) { try out.write(bytes: $0) }
        try out.write("\n")
    }
}

/// Primes a model and draws `length` tokens (characters, or bytes for a bytes model), handing the bytes of each
/// (``TokenText/bytes(of:)``), the prime's first, to `emit` as it is drawn.
/// - Throws: ``UsageError`` when the prime holds a character (or byte) outside the vocabulary; ``RunError`` when the sampler
///   cannot draw from the model's scores for the next character (``SamplingError``: they are not finite, from finite
///   weights large enough to overflow Float on the way).
func generate<Cell: BuiltinCell>(_ model: LanguageModel<Cell>, _ text: TokenText, prime: String?, length: Int,
                                       sampler: inout TokenSampler, generator: inout SeededGenerator,
                                       emit: (Data) throws -> Void) throws where Cell.Scalar == Float {
    var run = TextGeneration(model: model)
    if let prime, !prime.isEmpty {
        // Every token is checked before the first is printed.
        for (id, bytes) in try text.tokens(of: prime, flag: "--prime") {
            try emit(bytes)
            run.feed(id)
        }
    } else {
        run.feed(text.vocabulary.id(of: "\n") ?? 0)
    }
    for k in 0..<length {
        let id: Int
        do {
            id = try sampler.draw(run.logits!, generator: &generator)
        } catch {
            throw RunError.scoresNotFinite("for character \(k + 1)")
        }
        try emit(text.bytes(of: id))
        run.feed(id)
    }
}
