import Foundation
import PackagePlugin

/// Embeds every `data/*.yaml` file of the package into the `Watcher` module as a string constant,
/// so the installed binary needs no resource bundle to find its gazetteer, watchlist and parser tables.
@main
struct EmbedData: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let dataDirectory = context.package.directoryURL.appending(path: "data")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path())) ?? []
        let inputs = names.filter { $0.hasSuffix(".yaml") }.sorted().map { dataDirectory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedData.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) data files",
                executable: try context.tool(named: "EmbedTool").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
