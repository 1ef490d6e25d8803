/// One watch rule: when its condition holds for an article, an alert is raised.
public struct AlertRule: Sendable {
    public let id: String
    public let description: String
    public let severity: Severity
    public let condition: RuleCondition
    /// Where the rule was defined, for messages.
    public let file: String
    public let line: Int

    public init(id: String, description: String, severity: Severity, condition: RuleCondition, file: String = "", line: Int = 0) {
        self.id = id
        self.description = description
        self.severity = severity
        self.condition = condition
        self.file = file
        self.line = line
    }
}
