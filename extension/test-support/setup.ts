// Vitest setup for extension tests: unmount Preact trees between tests.
import { cleanup } from "@testing-library/preact";
import { afterEach } from "vitest";

afterEach(() => cleanup());
