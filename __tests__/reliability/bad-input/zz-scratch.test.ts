import { useEmulator } from '../../integration/harness/fixture';
import { probe } from './probe';
const fx = useEmulator({ resetBeforeEach: false });
it('scratch', async () => {
  const r = await probe(fx.emulator, { report: (csv) => { console.log(JSON.stringify(csv)); return csv; } });
});
