import Foundation
import Watcher

/// A CoNLL file of `TOKEN TAG` lines (IOB2 over PERS, LOC, ORG, MISC), one sentence per blank-line-separated block.
public struct CoNLLCorpus: Sendable {
    public struct Sentence: Sendable {
        public var tokens: [String]
        public var labels: [NameLabel]

        public init(tokens: [String], labels: [NameLabel]) {
            self.tokens = tokens
            self.labels = labels
        }
    }

    public var sentences: [Sentence]
    /// Lines whose tag is not one of the nine, read as `O` (path:line and the tag), so a damaged file shows.
    public var unknownTags: [String]

    public var tokenCount: Int { sentences.reduce(0) { $0 + $1.tokens.count } }

    /// How many consecutive sentences training and evaluation read as one text by default: the tagger's
    /// document-level features see the other sentences of an article, and the corpus marks no article boundaries.
    public static let defaultDocumentSentences = 8

    /// The sentences joined `k` at a time, in order, each group read as one text (as an article is).
    public func documents(of k: Int) -> [Sentence] {
        guard k > 1 else { return sentences }
        return stride(from: 0, to: sentences.count, by: k).map { first in
            let group = sentences[first..<min(first + k, sentences.count)]
            return Sentence(tokens: group.flatMap(\.tokens), labels: group.flatMap(\.labels))
        }
    }

    /// Reads one or more files in order.
    public static func read(paths: [String]) throws(CoNLLError) -> CoNLLCorpus {
        var corpus = CoNLLCorpus(sentences: [], unknownTags: [])
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CoNLLError(file: path, line: nil, reason: "it cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CoNLLError(file: path, line: nil, reason: "it is not UTF-8")
            }
            try corpus.parse(text, file: path)
        }
        return corpus
    }

    public init(sentences: [Sentence], unknownTags: [String]) {
        self.sentences = sentences
        self.unknownTags = unknownTags
    }

    mutating func parse(_ text: String, file: String) throws(CoNLLError) {
        var current = Sentence(tokens: [], labels: [])
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty {
                if !current.tokens.isEmpty { sentences.append(current) }
                current = Sentence(tokens: [], labels: [])
                continue
            }
            guard fields.count >= 2 else {
                throw CoNLLError(file: file, line: lineNumber, reason: "expected `TOKEN TAG`, found «\(line)»")
            }
            let tag = fields[fields.count - 1]
            var label = NameLabel(conll: tag)
            if label == nil {
                unknownTags.append("\(file):\(lineNumber) «\(tag)»")
                label = .outside
            }
            current.tokens.append(fields[0..<(fields.count - 1)].joined(separator: " "))
            current.labels.append(label!)
        }
        if !current.tokens.isEmpty { sentences.append(current) }
    }
}

/// A CoNLL file that cannot be read, naming the file (and line).
public struct CoNLLError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let reason: String

    public var description: String {
        "cannot read the CoNLL file \(file)\(line.map { " at line \($0)" } ?? ""): \(reason)"
    }
}
