import Testing
import Watcher

@Suite struct EncodingTests {
    /// Each seed re-encoded gives the same article as the UTF-8 original.
    @Test(arguments: 0..<5) func reencodedSeedsGiveTheSameArticle(seed: Int) throws {
        let original = try Fixtures.seedArticle(seed).article
        let number = String(Fixtures.seedNames[seed].prefix(3))
        for (suffix, encoding) in [("windows-1256", "windows-1256"), ("utf-16le-bom", "utf-16le")] {
            let bytes = try Fixtures.bytes("Tests/Fixtures/encodings/\(number).\(suffix).txt")
            #expect(try TextDecoder().decode(bytes).encoding == encoding)
            #expect(try Fixtures.parse(bytes).article == original, "\(number) as \(suffix)")
        }
    }

    @Test func isoArabicAndUTF16WithoutBOM() throws {
        for (name, encoding, seed) in [("000.iso-8859-6", "iso-8859-6", 0), ("000.utf-16be", "utf-16be", 0), ("004.utf-16le", "utf-16le", 4)] {
            let bytes = try Fixtures.bytes("Tests/Fixtures/encodings/\(name).txt")
            #expect(try TextDecoder().decode(bytes).encoding == encoding)
            #expect(try Fixtures.parse(bytes).article == Fixtures.seedArticle(seed).article)
        }
    }

    @Test func codepageGuessWithoutDetector() throws {
        // Short text the detector may not name: the byte-range vote still reads Arabic correctly.
        let windows: [UInt8] = [0xC7, 0xE1, 0xDA, 0xD1, 0xC7, 0xDE]  // العراق in Windows-1256
        #expect(try TextDecoder().decode(windows).text == "العراق")
        let crlf: [UInt8] = Array("a\r\nb\rc".utf8)
        #expect(try TextDecoder().decode(crlf).text == "a\nb\nc")
    }

    /// The byte-range vote alone (as when uchardet has no answer) tells the two code pages apart on the seeds.
    @Test func byteRangeVoteWithoutTheDetector() throws {
        #expect(ArabicCodepage.guess(try Fixtures.bytes("Tests/Fixtures/encodings/000.iso-8859-6.txt")) == .iso88596)
        for number in ["000", "001", "002", "003", "004"] {
            #expect(ArabicCodepage.guess(try Fixtures.bytes("Tests/Fixtures/encodings/\(number).windows-1256.txt")) == .windows1256)
        }
        // Short texts: «العراق» in each code page.
        #expect(ArabicCodepage.guess([0xC7, 0xE4, 0xD9, 0xD1, 0xC7, 0xE2, 0x20, 0xE8, 0xEA]) == .iso88596)  // العراق وي
        #expect(ArabicCodepage.guess([0xC7, 0xE1, 0xDA, 0xD1, 0xC7, 0xDE]) == .windows1256)
    }

    @Test func undecodableBytesAreAnErrorNotNoise() {
        var damaged = Array("هذا نص عربي سليم في معظمه ".utf8)
        damaged += [0xD8]  // a lead byte without its continuation
        damaged += Array(" ثم يكمل".utf8)
        #expect(throws: IngestError.self) { try TextDecoder().decode(damaged) }
        do {
            _ = try TextDecoder().decode(damaged)
        } catch {
            #expect(error.code == .undecodable)
            #expect(error.message.contains("offset \(Array("هذا نص عربي سليم في معظمه ".utf8).count)"))
        }
        do {
            _ = try TextDecoder().decode([0xFF, 0xFE, 0x41])
            Issue.record("odd UTF-16 accepted")
        } catch {
            #expect(error.code == .undecodable)
        }
        do {
            _ = try TextDecoder().decode([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x13, 0x37, 0x00])
            Issue.record("binary accepted")
        } catch {
            #expect(error.code == .binary)
        }
    }

    @Test func unsupportedFormatIsAnErrorRecord() throws {
        let result = try Fixtures.record("seeds/" + Fixtures.seedNames[0], name: "article.pdf")
        #expect(result.failure?.code == .unsupportedFormat)
        #expect(result.record.status == .error)
    }
}

/// The code page decided from a sample, and the table conversion.
@Suite struct CodepageTableTests {
    @Test func aByteISOLeavesUnassignedDecidesForWindows1256() {
        // غ (0xDB in Windows-1256) in the first bytes decides, whatever follows.
        #expect(ArabicCodepage.rulesOutISO([0x41, 0xDB, 0xC7], sample: 4096))
        #expect(!ArabicCodepage.rulesOutISO([0xC7, 0xE4, 0xD9, 0xD1, 0xC7, 0xE2], sample: 4096))  // العراق in ISO-8859-6
        #expect(!ArabicCodepage.rulesOutISO(Array(repeating: 0x41, count: 10) + [0xDB], sample: 10))
    }

    @Test func windows1256DecodesEveryAssignedByte() throws {
        // Every byte above 0x7F after a decisive one: one character each, none lost or doubled.
        let bytes: [UInt8] = [0xDB] + Array(0x80...0xFF)
        let text = try TextDecoder().decode(bytes)
        #expect(text.encoding == "windows-1256")
        #expect(text.text.unicodeScalars.count == bytes.count)
        #expect(text.text.hasPrefix("غ"))
    }
}
