import Foundation
import SystemPackage
import Watcher

/// Test inputs found relative to this file: the seeds at the package root and Tests/Fixtures.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let seedNames = ["000_b826e8d6ef2de806.txt", "001_50c1e03c49b27c1e.txt", "002_4803b6ff202ccf08.txt",
                            "003_b894ee89e1b64982.txt", "004_a9bde49a6959cd4e.txt"]

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent(relativePath)))
    }

    static func seed(_ number: Int) throws -> [UInt8] { try bytes("seeds/" + seedNames[number]) }

    /// Runs the whole pipeline over a fixture as if it had been dropped under `name`.
    static func record(_ relativePath: String, name: String? = nil) throws -> Pipeline.Result {
        let fileName = name ?? URL(fileURLWithPath: relativePath).lastPathComponent
        let file = DroppedFile(path: FilePath("/drop/" + fileName), relativePath: FilePath(fileName), bytes: try bytes(relativePath))
        return Pipeline().process(file)
    }

    /// Decodes and parses bytes as the pipeline does.
    static func parse(_ bytes: [UInt8], format: ArticleFormat = .plainText) throws -> ParsedArticle {
        let decoded = try TextDecoder().decode(bytes)
        return try ArticleParser().parse(decoded.text, format: format)
    }

    static func seedArticle(_ number: Int) throws -> ParsedArticle { try parse(try seed(number)) }

    /// The record line parsed back into a dictionary.
    static func json(_ line: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
    }
}
