import Foundation
import Testing
@testable import RNNCore

/// Float's row softmax, log-softmax and softmax cross-entropy run a C kernel with its own e^x (Cephes' expf
/// polynomial): their values against the same formulas in Double, and the rows at the edges of Float.
@Suite struct SoftmaxKernelTests {
    /// Rows of `cols` logits uniform in ±`scale`, and a target per row.
    static func rows(_ rows: Int, _ cols: Int, scale: Float, seed: UInt64) -> (logits: [Float], targets: [Int]) {
        var generator = SeededGenerator(seed: seed)
        let logits = (0..<rows * cols).map { _ in generator.uniform(-scale, scale) }
        return (logits, (0..<rows).map { $0 * 7 % cols })
    }

    /// Softmax, log-softmax and cross-entropy of the Float logits computed in Double from the Float differences
    /// x − max (which the kernels exponentiate: a logit of ±30 is only known to 2^-19 or so).
    static func reference(_ logits: [Float], targets: [Int], cols: Int) -> (p: [Double], logP: [Double], losses: [Double]) {
        var p: [Double] = [], logP: [Double] = [], losses: [Double] = []
        for (r, target) in targets.enumerated() {
            let x = logits[r * cols..<(r + 1) * cols], m = x.max()!
            let d = x.map { Double($0 - m) }, s = d.reduce(0) { $0 + Foundation.exp($1) }
            p += d.map { Foundation.exp($0) / s }
            logP += d.map { $0 - Foundation.log(s) }
            losses.append(Foundation.log(s) - d[target])
        }
        return (p, logP, losses)
    }

    /// The three kernels on `logits` [rows, cols]: probabilities, log-probabilities, losses.
    static func computed(_ logits: [Float], targets: [Int], cols: Int) -> (p: [Float], logP: [Float], losses: [Float]) {
        let rows = targets.count
        var p = [Float](repeating: .nan, count: logits.count), logP = p, losses = [Float](repeating: .nan, count: rows)
        var crossEntropyP = p
        logits.withUnsafeBufferPointer { x in
            Float.softmaxRowsKernel(x.baseAddress!, &p, rows: rows, cols: cols)
            Float.logSoftmaxRowsKernel(x.baseAddress!, &logP, rows: rows, cols: cols)
            targets.withUnsafeBufferPointer { t in
                Float.softmaxCrossEntropyKernel(x.baseAddress!, targets: t.baseAddress!, rows: rows, cols: cols,
                                                probabilities: &crossEntropyP, losses: &losses)
            }
        }
        #expect(zip(crossEntropyP, p).allSatisfy { $0 == $1 || $0.isNaN && $1.isNaN }, "the cross-entropy's probabilities are the softmax's")
        return (p, logP, losses)
    }

    /// Widths around the kernel's eight columns (1, 7, 8, 9, 65, 200), logits up to ±30: probabilities to a few ulp
    /// relative (1e-6), log-probabilities and losses to 2e-6 relative above 1 and absolute below.
    @Test(arguments: [1, 7, 8, 9, 65, 200])
    func matchDoubleToAFewUlp(cols: Int) {
        let (logits, targets) = Self.rows(5, cols, scale: 30, seed: UInt64(cols))
        let exact = Self.reference(logits, targets: targets, cols: cols)
        let got = Self.computed(logits, targets: targets, cols: cols)
        for (g, e) in zip(got.p, exact.p) { #expect(abs(Double(g) - e) <= 1e-6 * e, "p \(g) against \(e)") }
        for (g, e) in zip(got.logP + got.losses, exact.logP + exact.losses) {
            #expect(abs(Double(g) - e) <= 2e-6 * max(1, abs(e)), "\(g) against \(e)")
        }
    }

    /// e^x over the whole range the kernel computes it, 0 down to −87: the row [0, x] has
    /// probabilities 1/s and e^x/s, whose ratio is e^x to within two roundings of the division; at most 3 ulp (2^-23 each)
    /// from the exact value.
    @Test func expIsWithinThreeUlpDownToMinus87() {
        var worst = 0.0
        for k in 0...20_000 {
            let x = Float(-87 * Double(k) / 20_000)
            var p: [Float] = [0, 0]
            [0, x].withUnsafeBufferPointer { Float.softmaxRowsKernel($0.baseAddress!, &p, rows: 1, cols: 2) }
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(p[1]) / Double(p[0]) - exact) / exact)
        }
        #expect(worst <= 3 * 0x1p-23, "worst relative error \(worst)")
    }

    /// −∞ logits get probability 0 and leave the loss finite; logits more than 87 below the row's maximum get exactly 0;
    /// huge logits do not overflow; a NaN logit makes its row's loss NaN (so a non-finite step is seen) and leaves the others.
    @Test func rowsAtTheEdgesOfFloat() {
        let rows: [[Float]] = [[-.infinity, 0, 1], [0, -87.2, -200], [3e38, 0, -3e38], [1, .nan, 2], [1, 2, 3]]
        let got = Self.computed(rows.flatMap { $0 }, targets: [1, 0, 0, 2, 2], cols: 3)
        #expect(got.p[0] == 0 && abs(Double(got.p[1]) - 1 / (1 + M_E)) <= 1e-7 && abs(Double(got.losses[0]) - Foundation.log(1 + M_E)) <= 1e-6)
        #expect(got.p[3] == 1 && got.p[4] == 0 && got.p[5] == 0 && got.losses[1] == 0)
        #expect(got.p[6] == 1 && got.p[7] == 0 && got.p[8] == 0 && got.losses[2] == 0)
        #expect(got.losses[3].isNaN && got.logP[9...11].allSatisfy(\.isNaN))
        let exact = Self.reference([1, 2, 3], targets: [2], cols: 3)
        #expect(abs(Double(got.losses[4]) - exact.losses[0]) <= 1e-6)
    }

    /// The softmax and log-softmax may write over their input.
    @Test func inPlaceGivesTheSameRows() {
        let (logits, _) = Self.rows(3, 65, scale: 10, seed: 4)
        var p = [Float](repeating: 0, count: logits.count), logP = p
        logits.withUnsafeBufferPointer { x in
            Float.softmaxRowsKernel(x.baseAddress!, &p, rows: 3, cols: 65)
            Float.logSoftmaxRowsKernel(x.baseAddress!, &logP, rows: 3, cols: 65)
        }
        var inPlace = logits, logInPlace = logits
        inPlace.withUnsafeMutableBufferPointer { Float.softmaxRowsKernel($0.baseAddress!, $0.baseAddress!, rows: 3, cols: 65) }
        logInPlace.withUnsafeMutableBufferPointer { Float.logSoftmaxRowsKernel($0.baseAddress!, $0.baseAddress!, rows: 3, cols: 65) }
        #expect(inPlace == p && logInPlace == logP)
    }
}
