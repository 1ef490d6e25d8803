import Foundation
import Watcher

/// The floors a user would otherwise reach for: `grep -F` with every alias the watchlist can match, and `cat`.
enum Baselines {
    /// Every keyword of the rules and every name, variant, short form and nationality form of the actors they name
    /// (directly or by type): what a `grep -F` watcher would have to look for.
    static func aliases(rules: RuleSet, gazetteer: Gazetteer) -> [String] {
        var ids = Set<String>()
        var types = Set<String>()
        func walk(_ condition: RuleCondition) {
            switch condition {
            case .actors(let set, _): ids.formUnion(set)
            case .types(let set, _, _): types.formUnion(set)
            case .keywords: break
            case .all(let children, _), .any(let children), .none(let children): children.forEach(walk)
            }
        }
        rules.rules.forEach { walk($0.condition) }
        var aliases = Set(rules.keywords.keywords.map(\.text))
        for actor in gazetteer.actors where ids.contains(actor.id) || types.contains(actor.type.rawValue) || types.contains(actor.subtype) {
            aliases.insert(actor.name)
            aliases.formUnion(actor.variants)
            aliases.formUnion(actor.short)
            for nisba in actor.nationality { aliases.formUnion(Actor.nationalityForms(of: nisba)) }
        }
        return aliases.sorted()
    }

    /// Wall-clock seconds of a shell command (best of `runs`).
    static func time(_ command: String, runs: Int) throws -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.standardOutput = FileHandle.nullDevice
            let start = Stopwatch.now()
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
                throw BenchError("baseline failed (\(process.terminationStatus)): \(command)")
            }
            best = min(best, Stopwatch.now() - start)
        }
        return best
    }
}
