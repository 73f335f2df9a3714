// Writes the type-checked dashboard (dashboard.ts) to dashboards/vigil.json for Grafana provisioning.
import { writeFileSync } from 'node:fs';
import { vigilDashboard } from './dashboard';

writeFileSync(
	new URL('./dashboards/vigil.json', import.meta.url),
	`${JSON.stringify(vigilDashboard, null, '\t')}\n`
);
