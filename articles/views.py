from django.views.generic import DetailView, ListView, TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


class ArticleListView(ListView):
    template_name = "articles/article_list.html"


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"


class EntityDetailView(DetailView):
    template_name = "entities/entity_detail.html"
