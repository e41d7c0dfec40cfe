import EncryptedGather
import Foundation
import Testing

/// The binary carries its prompts, index page, softphone and README: `serve --dev` started in an
/// empty folder used to stop with "cannot read TwiML template".
@Suite struct AnyFolderTests {
    @Test func theEmbeddedCopiesAreTheFilesOfThisCheckout() throws {
        for (name, embedded) in EmbeddedAssets.files {
            let onDisk = try String(contentsOf: TestServer.repositoryRoot.appendingPathComponent(name), encoding: .utf8)
            #expect(embedded == onDisk, "\(name) changed: run scripts/embed-assets")
        }
        let shipped = try ["TwiML", "Public", "Simulator"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: TestServer.repositoryRoot.appendingPathComponent(folder).path).map { "\(folder)/\($0)" }
        }
        #expect(Set(shipped + ["README.md"]) == Set(EmbeddedAssets.files.keys), "run scripts/embed-assets")
    }

    @Test func serveDevRunsFromAnEmptyFolder() async throws {
        let folder = TestServer.temporaryDirectory()
        let server = try ChildProcess(["serve", "--dev", "--port", "0"], environment: [:], in: folder)
        defer { server.stop() }
        let port = try await server.port()
        let call = try ChildProcess(
            ["simulate", "--url", "http://127.0.0.1:\(port)/encrypted-gather", "--digits", "1234,4321", "--expect", "your balance is 12.55"],
            environment: [:], in: folder)
        #expect(await call.exitStatus() == 0, "\(call.output)\n\(server.output)")
        let index = await RawConnection.exchange(port: port, sending: Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        #expect(index.hasPrefix("HTTP/1.1 200"))
        #expect(index.contains("encrypted-gather"))
        let readme = await RawConnection.exchange(port: port, sending: Array("GET /readme HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        #expect(readme.hasPrefix("HTTP/1.1 200"))
    }
}
