// ECharts as the supervision screens use it: only the charts and components they draw, from 'echarts/core', so the console's
// bundle carries no more of ECharts than that — and only in the supervision screens' chunks (the routes load them lazily).
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core'
import { BarChart, LineChart, TreemapChart, type BarSeriesOption, type LineSeriesOption, type TreemapSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | TreemapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

export { init, type EChartsType }
