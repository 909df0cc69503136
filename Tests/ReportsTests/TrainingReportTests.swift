import Foundation
@testable import Reports
import Testing
import Stochastics

@Suite("Training report")
struct TrainingReportTests {
    /// A run of 40 points; every fifth is evaluated, one of those without a half-width.
    static let curve = LearningCurve(
        title: "PPO on lost-sales (L=2, p=9) <test> & co",
        parameters: [.init(name: "agent", value: "PPO"), .init(name: "seed", value: "7"), .init(name: "environment steps", value: "400000")],
        points: (1...40).map { i in
            let evaluated = i % 5 == 0
            return LearningCurvePoint(environmentSteps: i * 10_000, meanRewardPerPeriod: -12 + 5.5 * (1 - 1 / Double(i)),
                                      evaluationCostPerPeriod: evaluated ? 6.09 + 3 / Double(i) : nil,
                                      evaluationHalfWidth95: evaluated && i != 25 ? 0.05 + 0.5 / Double(i) : nil)
        },
        referenceLines: [.init(label: "DP optimum", costPerPeriod: 6.09), .init(label: "best base-stock", costPerPeriod: 6.316)],
        sourceFiles: ["learning_curve.csv"])

    @Test("well-formed and self-contained, with the settings table and both charts carrying the inputs")
    func page() throws {
        let html = try TrainingReport.html(Self.curve)
        let page = try parseXML(html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("url("))
        #expect(page.all("style").first?.allText.contains("@media print") == true)
        #expect(page.all("h1").first?.allText == Self.curve.title)
        let rows = page.all("table") { $0.classes.contains("parameters") }.first?.all("tr").map(\.allText)
        #expect(rows == ["agentPPO", "seed7", "environment steps400000"])
        #expect(page.all("a").compactMap { $0["href"] } .contains("./learning_curve.csv"))

        let reward = try #require(page.all("svg") { $0["data-chart"] == TrainingReport.Kind.reward }.first)
        let line = try #require(reward.all("polyline") { $0.classes.contains("series") }.first)
        #expect(numbers(line["data-x"]) == Self.curve.points.map { Double($0.environmentSteps) })
        #expect(numbers(line["data-values"]) == Self.curve.points.map(\.meanRewardPerPeriod))
        let rewardAxes = reward.all("text") { $0.classes.contains("axis-label") }.map(\.allText)
        #expect(rewardAxes.contains("Environment steps") && rewardAxes.contains("Mean episode reward"))

        let evaluation = try #require(page.all("svg") { $0["data-chart"] == TrainingReport.Kind.evaluation }.first)
        let evaluated = Self.curve.points.filter { $0.evaluationCostPerPeriod != nil }
        let dots = evaluation.all("circle") { $0.classes.contains("vertex") }
        #expect(dots.map { Double($0["data-x"]!) } == evaluated.map { Double($0.environmentSteps) })
        #expect(dots.map { Double($0["data-value"]!) } == evaluated.map { $0.evaluationCostPerPeriod })
        let whiskers = evaluation.all("path") { $0.classes.contains("whisker") }
        let withInterval = evaluated.filter { $0.evaluationHalfWidth95 != nil }
        #expect(whiskers.count == withInterval.count && withInterval.count == 7)
        for (whisker, point) in zip(whiskers, withInterval) {
            #expect(Double(whisker["data-x"]!) == Double(point.environmentSteps))
            #expect(Double(whisker["data-low"]!) == point.evaluationCostPerPeriod! - point.evaluationHalfWidth95!)
            #expect(Double(whisker["data-high"]!) == point.evaluationCostPerPeriod! + point.evaluationHalfWidth95!)
        }
        let references = evaluation.all("line") { $0.classes.contains("reference") }
        #expect(Set(references.map { "\($0["data-label"]!)=\(Double($0["data-value"]!)!)" }) == ["DP optimum: 6.09=6.09", "best base-stock: 6.32=6.316"])
        #expect(evaluation.all("text") { $0.classes.contains("reference-label") }.map(\.allText).sorted() == ["DP optimum: 6.09", "best base-stock: 6.32"])
        // Both reference lines lie inside the plotted range, in the right order (lower cost lower on the chart).
        let axis = try #require(evaluation.all("g") { $0.classes.contains("y-axis") }.first)
        #expect(Double(axis["data-lower"]!)! <= 6.09 && Double(axis["data-upper"]!)! >= 6.09 + 3.0 / 5 + 0.15)
        let ys = Dictionary(uniqueKeysWithValues: references.map { (Double($0["data-value"]!)!, Double($0["y1"]!)!) })
        #expect(ys[6.09]! > ys[6.316]!)
        #expect(evaluation.all("text") { $0.classes.contains("axis-label") }.map(\.allText).contains("Cost (currency per period)"))
        #expect(try TrainingReport.html(Self.curve) == html)
    }

    @Test("no evaluation and no reference lines: only the reward chart; no points: no charts")
    func partial() throws {
        var curve = Self.curve
        curve.points = curve.points.map { LearningCurvePoint(environmentSteps: $0.environmentSteps, meanRewardPerPeriod: $0.meanRewardPerPeriod) }
        curve.referenceLines = []
        let page = try parseXML(TrainingReport.html(curve))
        #expect(page.all("svg").map { $0["data-chart"] } == [TrainingReport.Kind.reward])
        #expect(page.all("nav").isEmpty)
        let empty = try parseXML(TrainingReport.html(LearningCurve(title: "Nothing yet", points: [])))
        #expect(empty.all("svg").isEmpty)
        #expect(empty.all("section").compactMap { $0["id"] } == ["overview"])
    }
}
