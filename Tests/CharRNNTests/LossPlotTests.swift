import Testing
import RNNKit
@testable import char_rnn

/// The `--plot` SVG: finite coordinates and a handful of ticks for any finite losses.
@Suite struct LossPlotTests {
    func svg(_ losses: [Double]) -> String {
        LossPlot(evaluations: losses.enumerated().map { i, loss in
            EvaluationRecord(step: 10 * (i + 1), epoch: 0, t: 0, tokens: 0, trainLoss: loss, valLoss: loss)
        }).svg()
    }

    @Test(arguments: [[2.3, 1.9, 1.7], [1.5], [1.5, 1.5], [1e308, -1e308], [1e300, 1e300], [-1e-300, 1e-300], [.greatestFiniteMagnitude]])
    func everyCoordinateIsFinite(_ losses: [Double]) {
        let text = svg(losses)
        #expect(text.hasSuffix("</svg>\n"))
        #expect(!text.contains("nan") && !text.contains("inf"), "\(losses)")
    }

    /// One evaluation at step 0 (all the x axis spans is one point at 0) still gets an x axis to 1.
    @Test func oneEvaluationAtStepZeroIsDrawn() {
        let text = LossPlot(evaluations: [EvaluationRecord(step: 0, epoch: 0, t: 0, tokens: 0, trainLoss: nil, valLoss: 2)]).svg()
        #expect(!text.contains("nan") && !text.contains("inf") && text.contains("<circle"))
    }

    @Test func labelsStayShort() {
        #expect(LossPlot.label(1500) == "1500")
        #expect(LossPlot.label(1.25) == "1.25")
        #expect(LossPlot.label(1e308) == "1e+308")
        #expect(LossPlot.label(-2.5e-7) == "-2.5e-07")
    }

    @Test func ticksOfOneAxisShareTheirDecimals() {
        #expect(LossPlot.labels([1.0, 1.5, 2.0, 2.5]) == ["1.0", "1.5", "2.0", "2.5"])
        #expect(LossPlot.labels([1.8, 2.0, 2.2]) == ["1.8", "2.0", "2.2"])
        #expect(LossPlot.labels([1.95, 2.0, 2.05]) == ["1.95", "2.00", "2.05"])
        #expect(LossPlot.labels([0, 500, 1000]) == ["0", "500", "1000"])
        #expect(LossPlot.labels([0, 2e-7, 4e-7]) == ["0", "2e-07", "4e-07"])
    }

    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(LossPlot.ticks(1.23, 2.31) == [1.0, 1.5, 2.0, 2.5])
        #expect(LossPlot.ticks(0, 1500) == [0, 500, 1000, 1500])
        #expect(LossPlot.ticks(-1e308, 1e308).count <= 13)
    }
}
