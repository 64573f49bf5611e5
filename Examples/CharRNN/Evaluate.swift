import ArgumentParser
import CommandLineSupport
import Foundation
import RNNKit

/// `char-rnn evaluate`: cross-entropy of a checkpoint's model over a text file.
struct Evaluate: ParsableCommand, CheckpointUser {
    static let configuration = CommandConfiguration(
        abstract: "Cross-entropy (nats and bits per character) and perplexity of a model over a whole text file.",
        discussion: """
            The file is read as the model's text was (UTF-8, or bytes for a model trained with --encoding bytes, whose \
            characters below are bytes and its losses per byte) and cut into --streams parallel streams that the model reads \
            with its state carried from chunk to chunk (as in training and validation); every position \
            of each stream is predicted once, so fewer than --streams characters at the end and the first \
            character are not scored (`chars` is the number scored). By default a file shorter than \
            20,000 characters is one stream, every character after the first scored with the state \
            carried through the whole file; a longer one gets a stream per 10,000 characters, at most 32 \
            (each stream starts from a zero state, which costs little over that length and makes the \
            pass faster). Characters outside the model's vocabulary are skipped (removed from the \
            text before scoring) and counted as `unknown_chars`.
            """)

    @Option(help: "The checkpoint (.safetensors written by `char-rnn train`)\(DefaultCheckpoint.help)", transform: FileName.model)
    var checkpoint: String?
    @Option(help: "The text file to score (UTF-8, or any file for a bytes model), - for standard input.", transform: InputName.resolved)
    var data: String
    @Option(parsing: .unconditional, help: "Parallel streams B (≥ 1). (default: one per 10,000 characters, from 1 to 32)")
    var streams: Int?
    @Option(name: .customLong("seq-length"), parsing: .unconditional, help: "Characters per forward pass of each stream (memory only; ≥ 1).")
    var seqLength = 100
    @Option(parsing: .unconditional, help: "Compute threads (RNNKit splits large products and the batch of each recurrent layer across them).")
    var threads = 2
    @Flag(help: "Print one JSON object: loss_nats, bpc, perplexity, chars, unknown_chars (for a bytes model, bpc is bits per byte and chars count bytes).")
    var json = false

    func validate() throws {
        if let streams, streams < 1 { throw ValidationError("the number of streams (--streams) must be positive, got \(streams)") }
        guard seqLength >= 1 else { throw ValidationError("the sequence length (--seq-length) must be positive, got \(seqLength)") }
        try ThreadCount.require(threads)
    }

    /// One stream per 10,000 characters, from 1 to 32: short files are scored whole, long ones fast.
    static func defaultStreams(characters: Int) -> Int { Swift.min(32, Swift.max(1, characters / 10_000)) }

    func run() throws {
        setComputeThreads(threads)
        try withModel(at: checkpoint)
    }

    func use<Cell: BuiltinCell>(_ model: LanguageModel<Cell>, _ checkpoint: LanguageModelCheckpoint) throws
    where Cell.Scalar == Float {
        // Read as training reads it (in the model's encoding; a leading UTF-8 byte-order mark skipped), characters the model
        // does not know left out and counted.
        let token = checkpoint.encoding.tokenName
        func tooFew(_ found: Int) -> RunError { RunError("\(StreamName.shown(data)): needs at least 2 \(token)s of the model's vocabulary, found \(found)") }
        let text = try FlagFile.read("--data") {
            do {
                return try TextCorpus(contentsOf: data, encoding: checkpoint.encoding, vocabulary: checkpoint.vocabulary, unknown: .skip)
            } catch SequenceDataError.unknownCharacter {
                throw tooFew(0)  // skipping, this means no character is known
            }
        }
        let (ids, unknown) = (text.ids, text.skippedCharacters)
        guard ids.count >= 2 else { throw tooFew(ids.count) }
        if let streams, streams > ids.count - 1 {
            throw UsageError("--streams \(streams): the text has \(CountText.of(ids.count, token)) the model knows, so at most \(CountText.of(ids.count - 1, "stream")) "
                + "(each predicts at least one \(token))")
        }
        let score = try model.score(ids, streams: streams ?? Self.defaultStreams(characters: ids.count), chunk: seqLength)
        guard score.meanNats.isFinite else { throw RunError.scoresNotFinite("over \(StreamName.shown(data))") }
        if json {
            try DescriptorText.standardOutput.line(JSONText.object(["loss_nats": JSONText.number(score.meanNats), "bpc": JSONText.number(score.bitsPerToken),
                                                                   "perplexity": JSONText.number(score.perplexity), "chars": "\(score.count)",
                                                                   "unknown_chars": "\(unknown)"]))
        } else {
            let unit = checkpoint.encoding == .bytes ? "byte" : "char"
            try DescriptorText.standardOutput.line(String(format: "loss %.4f nats/\(unit), %.4f bits/\(unit), perplexity %.3f over ", score.meanNats,
                         score.bitsPerToken, score.perplexity) + CountText.of(score.count, token) + (unknown > 0 ? " (\(CountText.of(unknown, "unknown \(token)")) skipped)" : ""))
        }
    }
}
