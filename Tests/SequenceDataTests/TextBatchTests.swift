import Testing
import _TestSupport
@testable import SequenceData

@Suite struct StreamBatchesTests {
    /// char-rnn's layout, written as the reference does it:
    /// n = (N-1)//B; x = ids[:n*B].view(B, n); y = ids[1:n*B+1].view(B, n); batch k = x[:, kT:kT+T].
    func reference(_ ids: [Int], b: Int, t: Int, k: Int) -> (x: [Int], y: [Int]) {
        let n = (ids.count - 1) / b
        var x: [Int] = [], y: [Int] = []
        for row in 0..<b {
            for pos in (k * t)..<(k * t + t) {
                x.append(ids[row * n + pos])
                y.append(ids[1 + row * n + pos])
            }
        }
        return (x, y)
    }

    @Test func matchesTheReferenceLayout() throws {
        let ids = (0..<23).map { ($0 * 7) % 11 }
        let batches = try StreamBatches(TokenIDs(ids), batchSize: 2, steps: 3)
        #expect(batches.streamLength == 11)
        #expect(batches.batchesPerEpoch == 3)
        for k in 0..<3 {
            let batch = batches.batch(k)
            let ref = reference(ids, b: 2, t: 3, k: k)
            #expect(batch.inputs == ref.x)
            #expect(batch.targets == ref.y)
            #expect(batch.batchSize == 2 && batch.steps == 3)
            #expect(batch.startsSequence == (k == 0))
        }
        // Hand-checked: stream 1 starts at id position 11.
        let plain = try StreamBatches(TokenIDs(0..<23), batchSize: 2, steps: 3)
        #expect(plain.batch(0).inputs == [0, 1, 2, 11, 12, 13])
        #expect(plain.batch(0).targets == [1, 2, 3, 12, 13, 14])
        // With N = 24, n = ⌊23 / 2⌋ = 11 still (x = ids[:22]): stream 1 starts at 11, not at 24 / 2 = 12.
        let even = try StreamBatches(TokenIDs(0..<24), batchSize: 2, steps: 3)
        #expect(even.streamLength == 11)
        #expect(even.batch(0).inputs == [0, 1, 2, 11, 12, 13])
    }

    /// Any window of positions: one that reaches back across a batch boundary (k2 > k1), and the short last one
    /// past the whole batches (the evaluation's last chunk).
    @Test func positionsOfAnyWindow() throws {
        let plain = try StreamBatches(TokenIDs(0..<23), batchSize: 2, steps: 3)  // n = 11
        let window = plain.positions(2..<7)
        #expect(window.inputs == [2, 3, 4, 5, 6, 13, 14, 15, 16, 17] && window.targets == [3, 4, 5, 6, 7, 14, 15, 16, 17, 18])
        #expect(window.steps == 5 && !window.startsSequence)
        let tail = plain.positions(9..<11)
        #expect(tail.inputs == [9, 10, 20, 21] && tail.targets == [10, 11, 21, 22])
        #expect(plain.positions(0..<3) == plain.batch(0))
    }

    @Test func cursorResumesExactly() throws {
        var run = try StreamBatches(TokenIDs(0..<100), batchSize: 3, steps: 4)  // n = 33, 8 batches
        #expect(run.batchesPerEpoch == 8)
        var seen: [TextBatch] = []
        for _ in 0..<5 { seen.append(run.next()) }
        let saved = run.cursor
        #expect(saved == BatchCursor(epoch: 0, batch: 5))
        var resumed = try StreamBatches(TokenIDs(0..<100), batchSize: 3, steps: 4)
        resumed.cursor = saved
        for _ in 0..<6 { #expect(run.next() == resumed.next()) }
        #expect(run.cursor == BatchCursor(epoch: 1, batch: 3))
        #expect(seen[0] == run.batch(0) && seen[0].startsSequence)
        // The last batch of an epoch leaves the cursor at the next epoch's start: a checkpoint saved there counts the epoch.
        var whole = try StreamBatches(TokenIDs(0..<100), batchSize: 3, steps: 4)
        for _ in 0..<8 { _ = whole.next() }
        #expect(whole.cursor == BatchCursor(epoch: 1, batch: 0))
    }

    @Test func corpusShorterThanOneBatch() throws {
        #expect(throws: SequenceDataError.corpusTooShort(part: "validation", tokens: 12, needed: 13)) {
            try StreamBatches(TokenIDs(0..<12), batchSize: 3, steps: 4, part: "validation")
        }
        let exact = try StreamBatches(TokenIDs(0..<13), batchSize: 3, steps: 4)
        #expect(exact.batchesPerEpoch == 1)
        #expect(throws: SequenceDataError.invalidArgument(name: "steps", value: 0, expected: "at least 1")) {
            try StreamBatches(TokenIDs(0..<13), batchSize: 3, steps: 0)
        }
    }
}

@Suite struct RandomWindowsTests {
    @Test func deterministicUnderASeed() throws {
        let windows = try RandomWindows(TokenIDs(0..<50), batchSize: 4, steps: 5)
        var g1 = SplitMix64(seed: 7), g2 = SplitMix64(seed: 7), g3 = SplitMix64(seed: 8)
        let a = windows.batch(using: &g1), b = windows.batch(using: &g2), c = windows.batch(using: &g3)
        #expect(a == b)
        #expect(a != c)
        #expect(windows.batch(using: &g1) == windows.batch(using: &g2))
    }

    @Test func windowsAreContiguousWithShiftedTargets() throws {
        let windows = try RandomWindows(TokenIDs(0..<20), batchSize: 64, steps: 5)
        var g = SplitMix64(seed: 1)
        let batch = windows.batch(using: &g)
        var starts = Set<Int>()
        for row in 0..<64 {
            let x = Array(batch.inputs[(row * 5)..<(row * 5 + 5)]), y = Array(batch.targets[(row * 5)..<(row * 5 + 5)])
            #expect(x == Array(x[0]..<(x[0] + 5)))
            #expect(y == x.map { $0 + 1 })
            #expect(x[0] >= 0 && x[0] <= 14)  // N − T − 1
            starts.insert(x[0])
        }
        #expect(starts.count > 8)  // 64 draws over 15 positions
        #expect(batch.startsSequence, "random windows do not continue the previous batch's text")
        #expect(throws: SequenceDataError.corpusTooShort(part: "train", tokens: 5, needed: 6)) {
            try RandomWindows(TokenIDs(0..<5), batchSize: 1, steps: 5)
        }
        // T = Int.max: an error, not an overflow trap computing T + 1.
        #expect(throws: SequenceDataError.corpusTooShort(part: "train", tokens: 5, needed: .max)) {
            try RandomWindows(TokenIDs(0..<5), batchSize: 1, steps: .max)
        }
    }

    /// With N = T + 2 there are two starts, 0 and N − T − 1 = 1: both are drawn (the last one was left out by a
    /// bound of N − T − 1 positions), and about equally often.
    @Test func theLastStartIsDrawnToo() throws {
        let windows = try RandomWindows(TokenIDs(0..<7), batchSize: 400, steps: 5)
        var g = SplitMix64(seed: 3)
        let batch = windows.batch(using: &g)
        let starts = (0..<400).map { batch.inputs[$0 * 5] }
        #expect(Set(starts) == [0, 1])
        #expect(abs(starts.count { $0 == 1 } - 200) < 60)
        let last = try #require(starts.firstIndex(of: 1))
        #expect(batch.targets[last * 5 + 4] == 6, "the window from the last start ends at the last id")
    }
}

/// Ids outside UInt32 stop with a message naming the id (a negative one trapped in the integer conversion, unexplained).
@Suite struct TokenIDsTrapTests {
    @Test func aNegativeIdTraps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TokenIDs([3, -1])
        }
        #expect(trapMessage(result).contains("TokenIDs: id -1 outside 0...4294967295"))
    }
}
