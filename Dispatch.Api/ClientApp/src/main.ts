import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { whenUnauthorized } from './api/http'
import { useSession } from './composables/useSession'
import { watchComboboxRoles } from './lib/comboboxRole'
import './styles.css'

const { expired } = useSession()
// Any 401 but a wrong password means the session is gone (idle timeout, signed out elsewhere): back to sign in, then back here.
whenUnauthorized(() => {
  expired()
  const here = router.currentRoute.value
  if (here.name !== 'sign-in') void router.push({ name: 'sign-in', query: { next: here.fullPath } })
})

createApp(App).use(router).mount('#app')
watchComboboxRoles()
