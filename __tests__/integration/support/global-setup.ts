/**
 * Jest globalSetup for the integration project: prepare the Python virtualenv once, before the
 * parallel workers start (each worker then starts its own emulator; see emulator.ts).
 */
import { ensurePythonVenv } from '../../../scripts/emulator/python-venv';

export default function globalSetup(): void {
  ensurePythonVenv();
}
