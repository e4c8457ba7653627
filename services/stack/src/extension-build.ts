// The built extension a rep loads unpacked. Built once; `pnpm --filter @studio/extension build`
// rebuilds it after changes.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export function extensionDir(root: string): string {
  return path.join(root, "extension", ".output", "chrome-mv3");
}

export async function ensureExtensionBuilt(root: string, signal: AbortSignal): Promise<string> {
  const dir = extensionDir(root);
  if (existsSync(path.join(dir, "manifest.json"))) return dir;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("pnpm", ["--filter", "@studio/extension", "build"], {
      cwd: root,
      stdio: ["ignore", "ignore", "ignore"],
      // Stopping the stack stops the build too: nothing is left running.
      signal,
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `extension build failed (code ${code}); run: pnpm --filter @studio/extension build`,
            ),
          ),
    );
  });
  return dir;
}
