import { ForecastCalculator } from "@/features/forecast/components/ForecastCalculator";

export function Component() {
  return <ForecastCalculator />;
}
