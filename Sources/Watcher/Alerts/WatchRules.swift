import Foundation

/// Loads the rules the configuration asks for: the embedded watchlist, the rule files, and rules written inline in
/// the configuration file (read from it again so their line numbers are the file's).
public enum WatchRules {
    public static let embeddedName = "<embedded>/watchlist.yaml"

    public static func load(_ settings: AlertSettings, gazetteer: Gazetteer) throws(ConfigError) -> RuleSet {
        var loader = RuleLoader(gazetteer: gazetteer)
        if settings.watchlist, let text = EmbeddedData.files["watchlist.yaml"] {
            try loader.add(text, file: embeddedName)
        }
        for path in settings.ruleFiles {
            try loader.add(try read(path.string), file: path.string)
        }
        if let file = settings.inlineRulesFile {
            guard let root = try YAMLValue.parse(try read(file), file: file),
                  let alerts = try root.members(allowed: ConfigLoader.topLevelKeys).first(where: { $0.key == "alerts" })?.value,
                  let rules = try alerts.members(allowed: ConfigLoader.alertKeys).first(where: { $0.key == "rules" })?.value
            else { return loader.build() }
            for item in try rules.list() { try loader.addRule(item) }
        }
        return loader.build()
    }

    private static func read(_ path: String) throws(ConfigError) -> String {
        try ConfigText.read(path)
    }
}
