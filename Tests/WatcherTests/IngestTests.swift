import Foundation
import SystemPackage
import Testing
import Watcher

@Suite struct IngestTests {
    @Test func aFolderLockIsHeldUntilItGoes() throws {
        let dir = try TemporaryDirectory()
        let folder = FilePath(dir.file("state").path)
        var first: FolderLock? = try FolderLock(folder)
        #expect(throws: FolderLock.Failure.held(folder)) { try FolderLock(folder) }
        #expect(throws: FolderLock.Failure.held(folder)) { try FolderLock(folder) }
        _ = first
        first = nil
        #expect((try? FolderLock(folder)) != nil, "released when the first one went")
    }

    @Test func listedAndArgumentNamesKeepTheirBytes() throws {
        // «café» in Latin-1: not UTF-8, as `find` prints it and as a shell passes it.
        let latin1: [UInt8] = Array("t2/caf".utf8) + [0xE9] + Array(".txt".utf8)
        let paths = FileArguments.lines(of: latin1 + [0x0A] + Array("b.txt\r\n\n".utf8))
        #expect(paths.count == 2)
        #expect(paths[0].withPlatformString { Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map { UInt8(bitPattern: $0) } } == latin1)
        #expect(paths[1] == FilePath("b.txt"))
        // The parser's strings come back as argv's bytes; a name it did not get from argv stays as it is.
        let parsed = [String(decoding: latin1, as: UTF8.self), "other.txt"]
        let raw = FileArguments.rawPaths(parsed, argv: [Array("watcherd".utf8), Array("process".utf8), latin1])
        #expect(raw[0] == FileArguments.path(bytes: latin1))
        #expect(raw[0] != FilePath(parsed[0]), "the decoded name has U+FFFD where the byte was")
        #expect(raw[1] == FilePath("other.txt"))
        // Two names that differ only in their invalid bytes decode alike: each keeps its own bytes, in order.
        let (ff, fe): ([UInt8], [UInt8]) = ([0xFF] + Array(".txt".utf8), [0xFE] + Array(".txt".utf8))
        let both = FileArguments.rawPaths([String(decoding: ff, as: UTF8.self), String(decoding: fe, as: UTF8.self)],
                                          argv: [Array("watcherd".utf8), Array("process".utf8), ff, fe])
        #expect(both == [FileArguments.path(bytes: ff), FileArguments.path(bytes: fe)])
    }

    @Test func ignoreRulesMatchTheDefaults() {
        let rules = IgnoreRules(patterns: WatcherConfig().ignore)
        // WinSCP uploads as NAME.filepart, browsers download as .crdownload / .partial, then rename: the temporary
        // name read early gave a false `unsupported_format` record, or went to quarantine before the rename.
        for name in [".hidden", "upload.part", "x.tmp", "notes.txt~", ".notes.txt.swp", "a.swp", "story.txt.filepart",
                     "page.html.crdownload", "page.html.partial"] {
            #expect(rules.ignores(name: name), "\(name) is ignored")
        }
        for name in ["article.txt", "page.html", "story.json", "partial.txt"] {
            #expect(!rules.ignores(name: name), "\(name) is picked up")
        }
    }

    /// The identity of a rejected file, checked around its quarantine: a rename keeps it; a copy (another file
    /// system, or another bind mount of the same disk, where rename fails with EXDEV) keeps only the size, and must
    /// still count as the same file, or it was put back into the drop folder again and again.
    @Test func aRejectedFilesIdentitySurvivesARenameAndACopy() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", String(repeating: "x", count: 500))
        func info(_ name: String) throws -> stat {
            var result = stat()
            #expect(lstat(dir.file(name).path, &result) == 0)
            return result
        }
        let seen = FileIdentity(try info("a.txt"))
        #expect(rename(dir.file("a.txt").path, dir.file("moved.txt").path) == 0)
        #expect(seen.matches(moved: try info("moved.txt")))
        try FileManager.default.copyItem(at: dir.file("moved.txt"), to: dir.file("copied.txt"))
        #expect(seen.matches(moved: try info("copied.txt")))
        try dir.write("other.txt", "an article renamed over the rejected file")
        #expect(!seen.matches(moved: try info("other.txt")))
        // Before the move: another inode is another file; the same one grown is not, unless it was empty.
        #expect(seen.isReplaced(by: try info("other.txt"), code: .tooLarge))
        #expect(!seen.isReplaced(by: try info("moved.txt"), code: .tooLarge))
        try dir.write("empty.txt", "")
        let empty = FileIdentity(try info("empty.txt"))
        try dir.write("empty.txt", "filled in place")
        #expect(empty.isReplaced(by: try info("empty.txt"), code: .empty))
    }

    @Test func readerRejectsWhatIsNotARegularFile() throws {
        let dir = try TemporaryDirectory()
        let reader = DropFileReader(maxFileSize: 100)
        try dir.write("ok.txt", "hello")
        try dir.write("big.txt", String(repeating: "x", count: 101))
        try dir.write("empty.txt", "")
        #expect(symlink(dir.file("ok.txt").path, dir.file("link").path) == 0)
        #expect(mkfifo(dir.file("fifo").path, 0o644) == 0)
        func code(_ name: String) -> String? {
            switch reader.read(FilePath(dir.file(name).path), relativePath: FilePath(name)) {
            case .file: return "file"
            case .vanished: return "vanished"
            case .unavailable: return "unavailable"
            case .changing: return "changing"
            case .rejected(let error, _, _): return error.code.rawValue
            }
        }
        #expect(code("ok.txt") == "file")
        #expect(code("big.txt") == "too_large")
        #expect(code("empty.txt") == "empty")
        #expect(code("link") == "symlink")
        #expect(code("fifo") == "not_regular_file")
        #expect(code("missing") == "vanished")
    }

    /// The same file read twice is the same drop; the same bytes written again as a new file are another.
    @Test func readerGivesADropIDThatSurvivesRereadingButNotRedropping() throws {
        let dir = try TemporaryDirectory()
        let reader = DropFileReader(maxFileSize: 1_000)
        func drop() -> DroppedFile? {
            if case .file(let file) = reader.read(FilePath(dir.file("a.txt").path), relativePath: FilePath("a.txt")) { return file }
            return nil
        }
        try dir.write("a.txt", "the same bytes")
        let first = try #require(drop())
        #expect(first.drop != nil)
        #expect(drop()?.drop == first.drop)
        try dir.write("staging.txt", "the same bytes")  // a new inode: the old file still exists while it is written
        #expect(rename(dir.file("staging.txt").path, dir.file("a.txt").path) == 0)
        let again = try #require(drop())
        #expect(again.digest == first.digest)
        #expect(again.drop != first.drop)
        // Bytes from elsewhere (the `process` command, tests) are no drop at all.
        #expect(DroppedFile(path: FilePath("x"), relativePath: FilePath("x"), bytes: [1]).drop == nil)
    }

    @Test func scannerListsFilesButNotIgnoredOnesNorFollowsLinks() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "a")
        try dir.write("sub/b.txt", "b")
        try dir.write("sub/c.part", "c")
        try dir.write(".hidden/d.txt", "d")
        #expect(symlink("/", dir.file("root-link").path) == 0)
        let scanner = DropFolderScanner(root: dir.path, ignore: IgnoreRules(patterns: WatcherConfig().ignore))
        let found = try scanner.scan().files.map { scanner.relative($0).string }.sorted()
        #expect(found == ["a.txt", "root-link", "sub/b.txt"])
    }

    @Test func decoderHandlesUTF8BOMAndUTF16AndRejectsBinary() throws {
        let decoder = TextDecoder()
        #expect(try decoder.decode(Array("سلام\r\nعليكم".utf8)) == DecodedText(text: "سلام\nعليكم", encoding: "utf-8"))
        #expect(try decoder.decode([0xEF, 0xBB, 0xBF] + Array("نص".utf8)).encoding == "utf-8-bom")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "بغداد".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try decoder.decode(utf16) == DecodedText(text: "بغداد", encoding: "utf-16le"))
        #expect(throws: IngestError.self) { try decoder.decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]) }
    }

    @Test func logEscapingDefusesForgedLines() {
        let forged = "name.txt\n2026-01-01 info recorded file=evil\u{1B}[2J"
        let escaped = LogEscaping.escape(forged)
        #expect(!escaped.contains("\n"))
        #expect(!escaped.unicodeScalars.contains { $0.value < 0x20 })
        #expect(escaped.contains("\\n"))
        #expect(LogEscaping.escape("بغداد") == "بغداد")
        // Bidi overrides and isolates would show a name reordered; the marks Arabic text uses stay.
        #expect(LogEscaping.escape("report\u{202E}txt.exe") == "report\\u{202e}txt.exe")
        #expect(LogEscaping.escape("a\u{2066}b\u{2069}") == "a\\u{2066}b\\u{2069}")
        #expect(LogEscaping.escape("\u{200F}بغداد\u{061C}") == "\u{200F}بغداد\u{061C}")
    }

    @Test func invalidUTF8NamesAreShownByteForByte() throws {
        let bytes: [UInt8] = Array("news-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
        let path = FilePath(platformString: (bytes.map { CChar(bitPattern: $0) } + [0]))
        let info = ArticleRecord.FileInfo(path: path, relativePath: path, bytes: 1, sha256: nil)
        #expect(info.name == "news-\\xff\\xfe.txt")
        #expect(info.nameBase64 == Data(bytes).base64EncodedString())
    }
}
