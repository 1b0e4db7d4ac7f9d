export const BUDGET_BYTES: number;
export const FIRST_ROUTES: string[];
export interface RouteSize {
  route: string;
  files: string[];
  bytes: number;
}
export interface BundleReport {
  routes: RouteSize[];
  largest: RouteSize;
  budget: number;
}
export function measureFirstRoutes(outDir: string): BundleReport;
export function kb(bytes: number): string;
export function describe(result: BundleReport): string;
