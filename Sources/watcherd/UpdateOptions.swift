import ArgumentParser
import NERTraining

/// How the tagger's training moves its weights on a mistake, shared by `train-ner` and `eval --cross-validate`.
struct UpdateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The update on a mistake: the perceptron's fixed step, or passive-aggressive (the "
                               + "smallest step that fixes the margin, capped by --aggressiveness).",
                               valueName: "perceptron|pa"))
    var update: UpdateKind = .perceptron

    @Option(help: ArgumentHelp("With --update pa: the largest step (PA-I's C).", valueName: "c"))
    var aggressiveness: Double = 1

    @Option(name: .customLong("miss-cost"),
            help: ArgumentHelp("Cost-augmented training: the cost of O on a name's token, in units of a wrong label's.",
                               valueName: "x"))
    var missCost: Double = PerceptronTrainer().missCost

    @Flag(name: .customLong("no-bias"),
          help: "Leave the bias template (feature 0) unlearnt: the transitions alone give each tag its prior.")
    var noBias = false

    @Option(help: ArgumentHelp("Train this many times, each run shuffling with its own seed (--seed for the first), and "
                               + "average the runs' weights into one model of the same size.", valueName: "n"))
    var runs = PerceptronTrainer().runs

    /// Whether the trainer learns the bias template.
    var learnsBias: Bool { !noBias }

    enum UpdateKind: String, ExpressibleByArgument, CaseIterable {
        case perceptron, pa
    }

    func validate() throws {
        guard aggressiveness > 0 && aggressiveness.isFinite else { throw ValidationError("--aggressiveness must be a number above 0") }
        guard missCost >= 0 && missCost.isFinite else { throw ValidationError("--miss-cost must be a number of at least 0") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if update == .perceptron && aggressiveness != 1 {
            throw ValidationError("--aggressiveness applies to --update pa only")
        }
    }

    /// Whether any option differs from the defaults (which train the committed model).
    var isUsed: Bool {
        update != .perceptron || aggressiveness != 1 || missCost != PerceptronTrainer().missCost || noBias || runs != PerceptronTrainer().runs
    }

    /// The options as a line for a figure's header, so that a figure from other settings cannot pass for the default's.
    var summary: String {
        "update \(update.rawValue)\(update == .pa ? " (aggressiveness \(aggressiveness))" : ""), miss cost \(missCost), bias \(noBias ? "not learnt" : "learnt"), \(runs == 1 ? "one run" : "\(runs) runs averaged")"
    }

    /// The trainer's update.
    var trainerUpdate: PerceptronTrainer.Update {
        switch update {
        case .perceptron: .perceptron
        case .pa: .passiveAggressive(aggressiveness: aggressiveness)
        }
    }
}
