import ArgumentParser
import Foundation
import Watcher

/// `watcherd eval-stories`: how well story grouping separates re-published copies from different articles.
struct EvalStoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-stories",
        abstract: "Print story-grouping similarities and precision/recall at several thresholds.",
        discussion: "Pairs: four edited copies of each seed and a rewrite of a wire story (must group); every pair of seeds and two budget stories (must not)."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Folder of seed articles.", valueName: "dir"))
    var seeds = "seeds"

    @Option(help: ArgumentHelp("Folder with wire-original.txt, wire-rewrite.txt, same-topic-other-story.txt.", valueName: "dir"))
    var fixtures = "Tests/Fixtures/stories"

    func run() throws {
        let (config, pipeline) = try options.configAndPipelineOrExit()
        let seedURLs = try FileManager.default.contentsOfDirectory(atPath: seeds).filter { !$0.hasPrefix(".") }
            .map { URL(fileURLWithPath: seeds).appendingPathComponent($0) }
        let evaluation = try StoryEvaluation(pipeline: pipeline, seeds: seedURLs, fixtures: URL(fileURLWithPath: fixtures))
        print("pair                                                         same?  similarity")
        for pair in evaluation.pairs.sorted(by: { $0.similarity > $1.similarity }) {
            print(pair.name.padding(toLength: 60, withPad: " ", startingAt: 0), pair.sameStory ? " yes  " : " no   ", String(format: "%.3f", pair.similarity))
        }
        print("\nthreshold  precision  recall   (configured: \(config.alerts.storySimilarity))")
        for threshold in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
            let s = evaluation.score(threshold: threshold)
            print(String(format: "%.2f       %.3f      %.3f    tp %d fp %d fn %d", threshold, s.precision, s.recall, s.truePositives, s.falsePositives, s.falseNegatives))
        }
    }
}
